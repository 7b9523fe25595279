package keywatch.iam.sigv4;

import java.time.Instant;

/**
 * What a verified request proves: the holder of {@code accessKeyId}'s secret (and, for temporary
 * credentials, of {@code sessionToken}) signed this request at {@code requestTime} for
 * {@code region} and {@code service}. The caller still checks region and service against its own.
 */
public record Verified(
    String accessKeyId, String region, String service, Instant requestTime, String sessionToken) {

  @Override
  public String toString() {
    return "Verified[accessKeyId=" + accessKeyId + ", region=" + region + ", service=" + service
        + ", requestTime=" + requestTime
        + ", sessionToken=" + (sessionToken == null ? "none" : "<redacted>") + "]";
  }
}
