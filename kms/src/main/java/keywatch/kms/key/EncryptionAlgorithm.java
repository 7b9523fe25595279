package keywatch.kms.key;

import java.util.List;

/** AWS KMS encryption algorithms; the names are AWS's strings. */
public enum EncryptionAlgorithm {
  SYMMETRIC_DEFAULT,
  RSAES_OAEP_SHA_1,
  RSAES_OAEP_SHA_256;

  /** The algorithms a key of this spec and usage offers, in AWS's order. */
  public static List<EncryptionAlgorithm> forKey(KeySpec spec, KeyUsage usage) {
    if (usage != KeyUsage.ENCRYPT_DECRYPT) {
      return List.of();
    }
    return spec == KeySpec.SYMMETRIC_DEFAULT
        ? List.of(SYMMETRIC_DEFAULT)
        : List.of(RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256);
  }
}
