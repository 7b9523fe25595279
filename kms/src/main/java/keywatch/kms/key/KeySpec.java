package keywatch.kms.key;

import java.util.List;

/** AWS KMS key specs keywatch supports, each with the key usages AWS allows for it. */
public enum KeySpec {
  SYMMETRIC_DEFAULT(Family.AES, 256, List.of(KeyUsage.ENCRYPT_DECRYPT)),
  RSA_2048(Family.RSA, 2048, List.of(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY)),
  RSA_3072(Family.RSA, 3072, List.of(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY)),
  RSA_4096(Family.RSA, 4096, List.of(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY)),
  ECC_NIST_P256(Family.EC, 256, List.of(KeyUsage.SIGN_VERIFY)),
  ECC_NIST_P384(Family.EC, 384, List.of(KeyUsage.SIGN_VERIFY)),
  ECC_NIST_P521(Family.EC, 521, List.of(KeyUsage.SIGN_VERIFY)),
  HMAC_224(Family.HMAC, 224, List.of(KeyUsage.GENERATE_VERIFY_MAC)),
  HMAC_256(Family.HMAC, 256, List.of(KeyUsage.GENERATE_VERIFY_MAC)),
  HMAC_384(Family.HMAC, 384, List.of(KeyUsage.GENERATE_VERIFY_MAC)),
  HMAC_512(Family.HMAC, 512, List.of(KeyUsage.GENERATE_VERIFY_MAC));

  public enum Family { AES, RSA, EC, HMAC }

  private final Family family;
  private final int sizeBits;
  private final List<KeyUsage> usages;

  KeySpec(Family family, int sizeBits, List<KeyUsage> usages) {
    this.family = family;
    this.sizeBits = sizeBits;
    this.usages = usages;
  }

  public Family family() {
    return family;
  }

  public int sizeBits() {
    return sizeBits;
  }

  public boolean allows(KeyUsage usage) {
    return usages.contains(usage);
  }

  public KeyUsage defaultUsage() {
    return usages.get(0);
  }

  public boolean isAsymmetric() {
    return family == Family.RSA || family == Family.EC;
  }

  /** The EC curve's standard name (secp256r1, ...); only for EC specs. */
  public String curveName() {
    return switch (this) {
      case ECC_NIST_P256 -> "secp256r1";
      case ECC_NIST_P384 -> "secp384r1";
      case ECC_NIST_P521 -> "secp521r1";
      default -> throw new IllegalStateException(name() + " is not an EC key spec");
    };
  }
}
