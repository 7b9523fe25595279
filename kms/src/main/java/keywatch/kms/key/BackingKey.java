package keywatch.kms.key;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * One generation of a KMS key's cryptographic material. A key starts with version 0; each
 * rotation adds the next version and keeps every earlier one, so old ciphertexts still decrypt.
 *
 * <p>Exactly one of {@code secretKey} (AES and HMAC keys) and {@code keyPair} (RSA and EC keys) is
 * set. The material lives unwrapped only in memory; {@link #toString()} never prints it.
 *
 * @param rotationType null for the original material, else "AUTOMATIC" or "ON_DEMAND" as AWS names it
 */
public record BackingKey(
    int version, Instant createdAt, String rotationType, SecretKey secretKey, KeyPair keyPair) {

  public BackingKey {
    Objects.requireNonNull(createdAt, "createdAt");
    if ((secretKey == null) == (keyPair == null)) {
      throw new IllegalArgumentException("a backing key holds either a secret key or a key pair");
    }
  }

  @Override
  public String toString() {
    return "BackingKey[version=" + version + ", createdAt=" + createdAt + ", rotationType=" + rotationType + "]";
  }
}
