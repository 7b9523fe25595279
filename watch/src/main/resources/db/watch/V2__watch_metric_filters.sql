-- Metric filter definitions, so that they survive a restart like metrics and alarms.
CREATE TABLE watch_metric_filter (
  log_group_name    VARCHAR(512)   NOT NULL,
  filter_name       VARCHAR(512)   NOT NULL,
  filter_pattern    VARCHAR(1024)  NOT NULL,
  transformations   VARCHAR(10000) NOT NULL,
  creation_time_ms  BIGINT         NOT NULL,
  PRIMARY KEY (log_group_name, filter_name)
);
