package keywatch.watch.action;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * SNS message signatures. The string to sign is, for each field present in the order SNS
 * documents (alphabetical), the field name, a newline, the value, a newline. Notifications sign
 * Message, MessageId, Subject (if present), Timestamp, TopicArn, Type; confirmation messages sign
 * Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type. SignatureVersion 1 is
 * SHA1withRSA (SNS's default), 2 is SHA256withRSA.
 */
public final class SnsSigner {
  static final List<String> NOTIFICATION_FIELDS = List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type");
  static final List<String> CONFIRMATION_FIELDS =
      List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");

  private final PrivateKey key;
  private final int signatureVersion;

  public SnsSigner(PrivateKey key, int signatureVersion) {
    if (signatureVersion != 1 && signatureVersion != 2) {
      throw new IllegalArgumentException("SignatureVersion must be 1 or 2: " + signatureVersion);
    }
    this.key = key;
    this.signatureVersion = signatureVersion;
  }

  public int signatureVersion() {
    return signatureVersion;
  }

  /** The fields a message of this {@code Type} signs. */
  public static List<String> fieldsFor(String type) {
    return "Notification".equals(type) ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
  }

  public static String stringToSign(Map<String, String> message) {
    StringBuilder sb = new StringBuilder();
    for (String f : fieldsFor(message.get("Type"))) {
      String v = message.get(f);
      if (v != null) {
        sb.append(f).append('\n').append(v).append('\n');
      }
    }
    return sb.toString();
  }

  public String sign(Map<String, String> message) {
    try {
      Signature s = Signature.getInstance(algorithm(signatureVersion));
      s.initSign(key);
      s.update(stringToSign(message).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign an SNS message", e);
    }
  }

  /** What a receiver does with the certificate's public key: true if the signature holds. */
  public static boolean verify(Map<String, String> message, PublicKey publicKey) {
    try {
      Signature s = Signature.getInstance(algorithm(Integer.parseInt(message.get("SignatureVersion"))));
      s.initVerify(publicKey);
      s.update(stringToSign(message).getBytes(StandardCharsets.UTF_8));
      return s.verify(Base64.getDecoder().decode(message.get("Signature")));
    } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  private static String algorithm(int version) throws GeneralSecurityException {
    return switch (version) {
      case 1 -> "SHA1withRSA";
      case 2 -> "SHA256withRSA";
      default -> throw new GeneralSecurityException("unknown SignatureVersion " + version);
    };
  }
}
