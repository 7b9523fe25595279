package keywatch.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import keywatch.kms.key.EncryptionAlgorithm;

/**
 * RSAES-OAEP as AWS KMS does it: RSAES_OAEP_SHA_1 is OAEP with SHA-1 and MGF1-SHA-1,
 * RSAES_OAEP_SHA_256 OAEP with SHA-256 and MGF1-SHA-256, no label. So a ciphertext made with the
 * public key from GetPublicKey by any standard library decrypts here, and the other way round.
 */
public final class RsaOaep {
  private RsaOaep() {}

  /** The largest plaintext a key of {@code modulusBits} takes with this algorithm. */
  public static int maxPlaintextBytes(int modulusBits, EncryptionAlgorithm algorithm) {
    int hashBytes = algorithm == EncryptionAlgorithm.RSAES_OAEP_SHA_1 ? 20 : 32;
    return modulusBits / 8 - 2 * hashBytes - 2;
  }

  public static byte[] encrypt(PublicKey key, EncryptionAlgorithm algorithm, byte[] plaintext) {
    try {
      Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
      c.init(Cipher.ENCRYPT_MODE, key, params(algorithm));
      return c.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA-OAEP encryption failed", e);
    }
  }

  public static byte[] decrypt(PrivateKey key, EncryptionAlgorithm algorithm, byte[] ciphertext) {
    try {
      Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
      c.init(Cipher.DECRYPT_MODE, key, params(algorithm));
      return c.doFinal(ciphertext);
    } catch (GeneralSecurityException e) {
      throw new AesGcm.AuthenticationFailed();
    }
  }

  public static OAEPParameterSpec params(EncryptionAlgorithm algorithm) {
    return switch (algorithm) {
      case RSAES_OAEP_SHA_1 -> new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);
      case RSAES_OAEP_SHA_256 -> new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
      case SYMMETRIC_DEFAULT -> throw new IllegalArgumentException("not an RSA algorithm");
    };
  }
}
