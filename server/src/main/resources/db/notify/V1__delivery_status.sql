-- Notification delivery counters, one row per subscription, replaced after every attempt.
CREATE TABLE keywatch_delivery_status (
  subscription_arn  VARCHAR(2048)  NOT NULL PRIMARY KEY,
  delivered         BIGINT         NOT NULL,
  failed_attempts   BIGINT         NOT NULL,
  dead_lettered     BIGINT         NOT NULL,
  last_outcome      VARCHAR(32),
  last_error        VARCHAR(4000),
  last_success_at   BIGINT,
  last_failure_at   BIGINT
);
