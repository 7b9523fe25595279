-- Users, roles, their inline policies, access keys and STS sessions. Portable: H2 and PostgreSQL.
-- Secrets and session tokens are stored only wrapped under the root key (base64).
CREATE TABLE iam_user (
  account_id  VARCHAR(12) NOT NULL,
  user_name   VARCHAR(64) NOT NULL,
  user_id     VARCHAR(32) NOT NULL,
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (account_id, user_name)
);

CREATE TABLE iam_role (
  account_id   VARCHAR(12) NOT NULL,
  role_name    VARCHAR(64) NOT NULL,
  role_id      VARCHAR(32) NOT NULL,
  created_at   BIGINT NOT NULL,
  trust_policy VARCHAR(32768) NOT NULL,
  max_session_seconds INTEGER NOT NULL,
  PRIMARY KEY (account_id, role_name)
);

CREATE TABLE iam_policy (
  account_id     VARCHAR(12) NOT NULL,
  principal_kind VARCHAR(8) NOT NULL,
  principal_name VARCHAR(64) NOT NULL,
  policy_name    VARCHAR(128) NOT NULL,
  document       VARCHAR(32768) NOT NULL,
  PRIMARY KEY (account_id, principal_kind, principal_name, policy_name)
);

CREATE TABLE iam_access_key (
  access_key_id  VARCHAR(32) PRIMARY KEY,
  account_id     VARCHAR(12) NOT NULL,
  user_name      VARCHAR(64),
  active         BOOLEAN NOT NULL,
  created_at     BIGINT NOT NULL,
  wrapped_secret VARCHAR(512) NOT NULL
);

CREATE TABLE iam_session (
  access_key_id  VARCHAR(32) PRIMARY KEY,
  account_id     VARCHAR(12) NOT NULL,
  role_name      VARCHAR(64) NOT NULL,
  role_id        VARCHAR(32) NOT NULL,
  session_name   VARCHAR(64) NOT NULL,
  created_at     BIGINT NOT NULL,
  expires_at     BIGINT NOT NULL,
  wrapped_secret VARCHAR(512) NOT NULL,
  wrapped_token  VARCHAR(1024) NOT NULL
);
