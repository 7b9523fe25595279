package keywatch.kms.key;

/** AWS KMS key usages; the names are AWS's strings. */
public enum KeyUsage {
  ENCRYPT_DECRYPT,
  SIGN_VERIFY,
  GENERATE_VERIFY_MAC
}
