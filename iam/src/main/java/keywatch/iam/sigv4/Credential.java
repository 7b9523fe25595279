package keywatch.iam.sigv4;

import java.time.Instant;
import java.util.Objects;

/**
 * The secret side of an access key, as the verifier needs it. {@code sessionToken} non-null for
 * temporary credentials; {@code expiration} null if none.
 */
public record Credential(
    String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

  public Credential {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
  }

  /** A long-term key: no session token, no expiration. */
  public static Credential longTerm(String accessKeyId, String secretAccessKey) {
    return new Credential(accessKeyId, secretAccessKey, null, null);
  }

  /** Names the key and says whether it is temporary; never prints the secret or the token. */
  @Override
  public String toString() {
    return "Credential[accessKeyId=" + accessKeyId
        + ", secretAccessKey=<redacted>"
        + ", sessionToken=" + (sessionToken == null ? "none" : "<redacted>")
        + ", expiration=" + expiration + "]";
  }
}
