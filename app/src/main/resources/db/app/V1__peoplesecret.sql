-- The lab's table: one secret per person, the ciphertext as base64 text.
-- Portable across H2, PostgreSQL and MariaDB (VARCHAR sized to stay under MariaDB's row limit).
CREATE TABLE peoplesecret (
  name    VARCHAR(244) PRIMARY KEY,
  secret  VARCHAR(12000) NOT NULL
);
