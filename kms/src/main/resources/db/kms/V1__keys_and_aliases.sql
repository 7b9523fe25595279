-- Keys, their material and aliases. Portable SQL: runs on H2 and PostgreSQL.
-- Material is stored only wrapped under the root key (base64 of nonce || ciphertext || tag).
CREATE TABLE kms_key (
  key_id      VARCHAR(64) PRIMARY KEY,
  account_id  VARCHAR(12) NOT NULL,
  created_at  BIGINT NOT NULL,
  document    VARCHAR(1000000) NOT NULL
);

CREATE TABLE kms_key_material (
  key_id           VARCHAR(64) NOT NULL REFERENCES kms_key(key_id) ON DELETE CASCADE,
  version          INTEGER NOT NULL,
  created_at       BIGINT NOT NULL,
  rotation_type    VARCHAR(16),
  wrapped_secret   VARCHAR(20000) NOT NULL,
  public_key       VARCHAR(4000),
  PRIMARY KEY (key_id, version)
);

CREATE TABLE kms_alias (
  alias_name       VARCHAR(256) PRIMARY KEY,
  target_key_id    VARCHAR(64) NOT NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL
);
