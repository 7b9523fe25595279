package keywatch.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a random 96-bit nonce drawn here, never by the caller (Tink's rule: the safe
 * call is the only call). Output: nonce (12 bytes) || ciphertext || tag (16 bytes).
 *
 * <p>Each thread reuses one {@link Cipher}, initialised afresh for every call: on the Encrypt hot
 * path {@code Cipher.getInstance} (a provider lookup) and the AES key expansion of a new instance
 * were about a tenth of the server's CPU. The JDK's AES re-expands the key only when it changes,
 * and refuses to encrypt twice under one key and nonce, so reuse changes nothing else.
 */
public final class AesGcm {
  public static final int NONCE_BYTES = 12;
  public static final int TAG_BYTES = 16;

  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
    }
  });

  private final SecureRandom random;

  public AesGcm(SecureRandom random) {
    this.random = random;
  }

  public byte[] encrypt(SecretKey key, byte[] plaintext, byte[] associatedData) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      cipher.updateAAD(associatedData);
      byte[] out = new byte[NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** Decrypts nonce || ciphertext || tag; throws {@link AuthenticationFailed} on any mismatch. */
  public static byte[] decrypt(SecretKey key, byte[] sealed, int offset, byte[] associatedData) {
    int length = sealed.length - offset;
    if (length < NONCE_BYTES + TAG_BYTES) {
      throw new AuthenticationFailed();
    }
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.DECRYPT_MODE, key,
          new GCMParameterSpec(TAG_BYTES * 8, Arrays.copyOfRange(sealed, offset, offset + NONCE_BYTES)));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(sealed, offset + NONCE_BYTES, length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new AuthenticationFailed();
    }
  }

  /** The one failure of decryption: it says nothing about why. */
  public static final class AuthenticationFailed extends RuntimeException {
    public AuthenticationFailed() {
      super("authentication failed", null, false, false);
    }
  }
}
