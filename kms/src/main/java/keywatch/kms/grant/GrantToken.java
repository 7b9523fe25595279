package keywatch.kms.grant;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Grant tokens: opaque strings CreateGrant returns and any grant operation accepts.
 *
 * <p>AWS KMS is eventually consistent and a token lets a new grant act before it has propagated;
 * keywatch is strongly consistent, so a grant acts at once and a token grants nothing by itself.
 * A token only names its grant (RetireGrant may identify a grant by token) and must be well formed:
 * anything else is InvalidGrantTokenException. Layout, base64url without padding:
 * {@code version(1) | grantId(32) | nonce(16) | check(8)}, where check is the first 8 bytes of
 * SHA-256 over what precedes it. The nonce makes every CreateGrant's token different, as AWS's are,
 * even when an idempotent retry returns the same grant. The check catches garbage, not forgery:
 * a forged token names a grant the caller could name by id anyway, and authorization never rests
 * on the token.
 */
public final class GrantToken {
  private static final byte VERSION = 1;
  private static final int GRANT_ID_BYTES = 32;
  private static final int NONCE_BYTES = 16;
  private static final int CHECK_BYTES = 8;
  private static final int TOTAL_BYTES = 1 + GRANT_ID_BYTES + NONCE_BYTES + CHECK_BYTES;

  private GrantToken() {}

  /** A fresh token for a grant (grant ids are 64 hex characters). */
  public static String issue(String grantId, SecureRandom random) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    ByteBuffer b = ByteBuffer.allocate(TOTAL_BYTES);
    b.put(VERSION).put(HexFormat.of().parseHex(grantId)).put(nonce);
    b.put(check(Arrays.copyOf(b.array(), b.position())));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /** The grant id a token names, or null if the token is not one keywatch issued. */
  public static String grantIdOf(String token) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (raw.length != TOTAL_BYTES || raw[0] != VERSION) {
      return null;
    }
    byte[] body = Arrays.copyOf(raw, TOTAL_BYTES - CHECK_BYTES);
    if (!MessageDigest.isEqual(check(body), Arrays.copyOfRange(raw, TOTAL_BYTES - CHECK_BYTES, TOTAL_BYTES))) {
      return null;
    }
    return HexFormat.of().formatHex(raw, 1, 1 + GRANT_ID_BYTES);
  }

  private static byte[] check(byte[] body) {
    try {
      return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(body), CHECK_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
