-- Grants on keys. Portable SQL: runs on H2 and PostgreSQL.
-- The grant's name, operations and constraints are a JSON document; the columns hold what is
-- looked up by (its key, its retiring principal). A grant goes with its key.
CREATE TABLE kms_grant (
  grant_id            VARCHAR(64) PRIMARY KEY,
  key_id              VARCHAR(64) NOT NULL REFERENCES kms_key(key_id) ON DELETE CASCADE,
  created_at          BIGINT NOT NULL,
  grantee_principal   VARCHAR(256) NOT NULL,
  retiring_principal  VARCHAR(256),
  document            VARCHAR(100000) NOT NULL
);

CREATE INDEX kms_grant_by_key ON kms_grant (key_id);
