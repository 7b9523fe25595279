package keywatch.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import keywatch.kms.key.MacAlgorithm;

/** HMAC generation and constant-time verification. */
public final class Macs {
  private Macs() {}

  public static byte[] generate(SecretKey key, MacAlgorithm algorithm, byte[] message) {
    try {
      Mac mac = Mac.getInstance(algorithm.jcaName());
      mac.init(key);
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC failed", e);
    }
  }

  public static boolean verify(SecretKey key, MacAlgorithm algorithm, byte[] message, byte[] expected) {
    return MessageDigest.isEqual(generate(key, algorithm, message), expected);
  }
}
