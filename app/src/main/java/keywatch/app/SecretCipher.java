package keywatch.app;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Encrypts a person's secret with KMS, binding the person's name as encryption context (the lab's
 * app used none), either directly (KMS Encrypt/Decrypt) or, in envelope mode, under a data key of
 * its own per record (GenerateDataKey, then AES-256-GCM here with the name as associated data).
 *
 * <p>Stored forms: {@code kms1:<base64 ciphertext blob>} or
 * {@code env1:<base64 encrypted data key>:<base64 nonce||ciphertext||tag>}. Decrypt always calls KMS
 * with the caller's KeyId, so a wrong key fails at KMS (and is audited there), as in the lab.
 */
public final class SecretCipher {
  static final String ENCRYPTION_CONTEXT_KEY = "Name";
  private static final int NONCE_BYTES = 12;

  private final KmsClient kms;
  private final String keyId;
  private final boolean envelope;
  private final SecureRandom random = new SecureRandom();

  public SecretCipher(KmsClient kms, String keyId, boolean envelope) {
    this.kms = kms;
    this.keyId = keyId;
    this.envelope = envelope;
  }

  /** A KMS call failed; {@code errorCode} is AWS's (IncorrectKeyException, NotFoundException, ...). */
  public static final class CryptoFailed extends Exception {
    private final String errorCode;

    CryptoFailed(String errorCode, Throwable cause) {
      super(errorCode, cause);
      this.errorCode = errorCode;
    }

    public String errorCode() {
      return errorCode;
    }
  }

  /** What encryption gives: the form to store, and the ARN of the KMS key that protects it. */
  public record Encrypted(String stored, String keyArn) {
    /** The key id (the last part of the ARN), which the lab's clients pass back to /decrypt. */
    public String keyId() {
      return keyArn.substring(keyArn.lastIndexOf('/') + 1);
    }
  }

  public Encrypted encrypt(String name, String text) throws CryptoFailed {
    Map<String, String> context = Map.of(ENCRYPTION_CONTEXT_KEY, name);
    byte[] plaintext = text.getBytes(StandardCharsets.UTF_8);
    try {
      if (!envelope) {
        var r = kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext)).encryptionContext(context));
        return new Encrypted("kms1:" + b64(r.ciphertextBlob().asByteArray()), r.keyId());
      }
      var dk = kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(context));
      byte[] key = dk.plaintext().asByteArray();
      try {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = c.doFinal(plaintext);
        byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return new Encrypted("env1:" + b64(dk.ciphertextBlob().asByteArray()) + ":" + b64(out), dk.keyId());
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    } catch (SdkException e) {
      throw new CryptoFailed(code(e), e);
    } catch (GeneralSecurityException e) {
      throw new CryptoFailed("LocalCryptoFailure", e);
    }
  }

  public String decrypt(String name, String callerKeyId, String stored) throws CryptoFailed {
    Map<String, String> context = Map.of(ENCRYPTION_CONTEXT_KEY, name);
    try {
      if (stored.startsWith("kms1:")) {
        byte[] blob = Base64.getDecoder().decode(stored.substring(5));
        var r = kms.decrypt(b -> b.keyId(callerKeyId).ciphertextBlob(SdkBytes.fromByteArray(blob)).encryptionContext(context));
        return r.plaintext().asUtf8String();
      }
      if (stored.startsWith("env1:")) {
        String[] parts = stored.split(":");
        byte[] edk = Base64.getDecoder().decode(parts[1]);
        byte[] sealed = Base64.getDecoder().decode(parts[2]);
        var r = kms.decrypt(b -> b.keyId(callerKeyId).ciphertextBlob(SdkBytes.fromByteArray(edk)).encryptionContext(context));
        byte[] key = r.plaintext().asByteArray();
        try {
          Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
          c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
              new GCMParameterSpec(128, Arrays.copyOf(sealed, NONCE_BYTES)));
          c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
          return new String(c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      }
      throw new CryptoFailed("UnknownStoredFormat", null);
    } catch (SdkException e) {
      throw new CryptoFailed(code(e), e);
    } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw new CryptoFailed("StoredSecretDamaged", e);
    }
  }

  private static String code(SdkException e) {
    return e instanceof KmsException k && k.awsErrorDetails() != null ? k.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
