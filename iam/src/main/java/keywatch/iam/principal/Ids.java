package keywatch.iam.principal;

import java.security.SecureRandom;
import java.util.Base64;

/** Identifiers and secrets shaped as AWS shapes them (AKIA.../ASIA.../AIDA.../AROA...). */
public final class Ids {
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private final SecureRandom random;

  public Ids(SecureRandom random) {
    this.random = random;
  }

  public String accessKeyId() {
    return "AKIA" + base32(16);
  }

  public String sessionAccessKeyId() {
    return "ASIA" + base32(16);
  }

  public String userId() {
    return "AIDA" + base32(17);
  }

  public String roleId() {
    return "AROA" + base32(17);
  }

  /** 40 characters, as AWS secret access keys are. */
  public String secretAccessKey() {
    byte[] b = new byte[30];
    random.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  public String sessionToken() {
    byte[] b = new byte[96];
    random.nextBytes(b);
    return "KW" + Base64.getEncoder().encodeToString(b);
  }

  private String base32(int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = BASE32[random.nextInt(32)];
    }
    return new String(c);
  }
}
