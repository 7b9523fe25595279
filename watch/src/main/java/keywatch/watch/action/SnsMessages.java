package keywatch.watch.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON documents SNS posts to HTTP/HTTPS endpoints and mails to email-json ones, signed. */
public final class SnsMessages {
  /** SNS's timestamps: UTC with milliseconds, e.g. 2012-04-26T20:45:04.751Z. */
  public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SnsSigner signer;
  private final SnsLinks links;

  public SnsMessages(SnsSigner signer, SnsLinks links) {
    this.signer = signer;
    this.links = links;
  }

  public SnsLinks links() {
    return links;
  }

  /** The Notification document, fields in the order SNS sends them. */
  public Map<String, String> notification(Subscription s, Notification n) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Type", "Notification");
    m.put("MessageId", n.messageId());
    m.put("TopicArn", n.topicArn());
    if (n.subject() != null) {
      m.put("Subject", n.subject());
    }
    m.put("Message", n.messageFor(s.protocol()));
    m.put("Timestamp", TIMESTAMP.format(n.timestamp()));
    return signed(m, links.unsubscribeUrl(s), "UnsubscribeURL");
  }

  /** The SubscriptionConfirmation document. */
  public Map<String, String> confirmation(Subscription s, String messageId, Instant now) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Type", "SubscriptionConfirmation");
    m.put("MessageId", messageId);
    m.put("Token", s.token());
    m.put("TopicArn", s.topicArn());
    m.put("Message", "You have chosen to subscribe to the topic " + s.topicArn()
        + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.");
    m.put("SubscribeURL", links.subscribeUrl(s));
    m.put("Timestamp", TIMESTAMP.format(now));
    return signed(m, null, null);
  }

  private Map<String, String> signed(Map<String, String> m, String extraValue, String extraName) {
    m.put("SignatureVersion", Integer.toString(signer.signatureVersion()));
    m.put("Signature", signer.sign(m));
    m.put("SigningCertURL", links.signingCertUrl());
    if (extraName != null) {
      m.put(extraName, extraValue);
    }
    return m;
  }

  public static String toJson(Map<String, String> m) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
