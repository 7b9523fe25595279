package keywatch.kms.key;

import java.util.List;

/** AWS KMS MAC algorithms; the names are AWS's strings. */
public enum MacAlgorithm {
  HMAC_SHA_224("HmacSHA224"),
  HMAC_SHA_256("HmacSHA256"),
  HMAC_SHA_384("HmacSHA384"),
  HMAC_SHA_512("HmacSHA512");

  private final String jcaName;

  MacAlgorithm(String jcaName) {
    this.jcaName = jcaName;
  }

  public String jcaName() {
    return jcaName;
  }

  /** The one MAC algorithm an HMAC key spec offers. */
  public static List<MacAlgorithm> forKey(KeySpec spec) {
    return switch (spec) {
      case HMAC_224 -> List.of(HMAC_SHA_224);
      case HMAC_256 -> List.of(HMAC_SHA_256);
      case HMAC_384 -> List.of(HMAC_SHA_384);
      case HMAC_512 -> List.of(HMAC_SHA_512);
      default -> List.of();
    };
  }
}
