-- Notification delivery counters, one row per subscription, replaced after every attempt.
CREATE TABLE keywatch_delivery_status (
  subscription_arn  VARCHAR(512)   NOT NULL PRIMARY KEY,  -- topic ARN (<= ~330) + ":" + UUID; fits an index key on MariaDB too
  delivered         BIGINT         NOT NULL,
  failed_attempts   BIGINT         NOT NULL,
  dead_lettered     BIGINT         NOT NULL,
  last_outcome      VARCHAR(32),
  last_error        VARCHAR(4000),
  last_success_at   BIGINT,
  last_failure_at   BIGINT
);
