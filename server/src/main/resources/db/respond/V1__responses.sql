-- Autonomous responses taken (or planned) on alarms, and their undo.
CREATE TABLE keywatch_response (
  id            VARCHAR(64)   NOT NULL PRIMARY KEY,
  created_at    BIGINT        NOT NULL,
  updated_at    BIGINT        NOT NULL,
  alarm_name    VARCHAR(255)  NOT NULL,
  alarm_time    BIGINT        NOT NULL,
  action        VARCHAR(32)   NOT NULL,
  key_arn       VARCHAR(2048),
  principal_arn VARCHAR(2048),
  access_key_id VARCHAR(128),
  state         VARCHAR(32)   NOT NULL,
  detail        VARCHAR(4000)
);
CREATE INDEX keywatch_response_created ON keywatch_response (created_at);
