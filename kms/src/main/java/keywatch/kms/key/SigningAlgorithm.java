package keywatch.kms.key;

import java.util.List;

/** AWS KMS signing algorithms; the names are AWS's strings. */
public enum SigningAlgorithm {
  RSASSA_PSS_SHA_256("SHA-256", 32),
  RSASSA_PSS_SHA_384("SHA-384", 48),
  RSASSA_PSS_SHA_512("SHA-512", 64),
  RSASSA_PKCS1_V1_5_SHA_256("SHA-256", 32),
  RSASSA_PKCS1_V1_5_SHA_384("SHA-384", 48),
  RSASSA_PKCS1_V1_5_SHA_512("SHA-512", 64),
  ECDSA_SHA_256("SHA-256", 32),
  ECDSA_SHA_384("SHA-384", 48),
  ECDSA_SHA_512("SHA-512", 64);

  private final String digestName;
  private final int digestBytes;

  SigningAlgorithm(String digestName, int digestBytes) {
    this.digestName = digestName;
    this.digestBytes = digestBytes;
  }

  public String digestName() {
    return digestName;
  }

  public int digestBytes() {
    return digestBytes;
  }

  public boolean isPss() {
    return name().startsWith("RSASSA_PSS");
  }

  public boolean isPkcs1() {
    return name().startsWith("RSASSA_PKCS1");
  }

  /** The algorithms a key of this spec and usage offers, in AWS's order. */
  public static List<SigningAlgorithm> forKey(KeySpec spec, KeyUsage usage) {
    if (usage != KeyUsage.SIGN_VERIFY) {
      return List.of();
    }
    return switch (spec.family()) {
      case RSA -> List.of(
          RSASSA_PSS_SHA_256, RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512,
          RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PKCS1_V1_5_SHA_384, RSASSA_PKCS1_V1_5_SHA_512);
      case EC -> switch (spec) {
        case ECC_NIST_P256 -> List.of(ECDSA_SHA_256);
        case ECC_NIST_P384 -> List.of(ECDSA_SHA_384);
        default -> List.of(ECDSA_SHA_512);
      };
      default -> List.of();
    };
  }
}
