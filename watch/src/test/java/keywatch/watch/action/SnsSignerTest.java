package keywatch.watch.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The string to sign, per AWS's "Verifying the signatures of Amazon SNS messages": name, newline,
 * value, newline, for the documented fields in their documented (alphabetical) order, Subject only
 * when present; confirmation messages sign SubscribeURL and Token instead of Subject.
 */
class SnsSignerTest {
  @Test
  void notificationStringToSign() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Type", "Notification");
    m.put("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324");
    m.put("TopicArn", "arn:aws:sns:us-west-2:123456789012:MyTopic");
    m.put("Subject", "My First Message");
    m.put("Message", "Hello world!");
    m.put("Timestamp", "2012-05-02T00:54:06.655Z");
    assertThat(SnsSigner.stringToSign(m)).isEqualTo("Message\nHello world!\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n"
        + "Subject\nMy First Message\nTimestamp\n2012-05-02T00:54:06.655Z\nTopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\n"
        + "Type\nNotification\n");
    m.remove("Subject");
    assertThat(SnsSigner.stringToSign(m)).doesNotContain("Subject");
  }

  @Test
  void confirmationStringToSign() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Type", "SubscriptionConfirmation");
    m.put("MessageId", "id");
    m.put("Token", "tok");
    m.put("TopicArn", "arn");
    m.put("Message", "msg");
    m.put("SubscribeURL", "https://x/confirm");
    m.put("Timestamp", "2012-04-26T20:45:04.751Z");
    assertThat(SnsSigner.stringToSign(m)).isEqualTo("Message\nmsg\nMessageId\nid\nSubscribeURL\nhttps://x/confirm\n"
        + "Timestamp\n2012-04-26T20:45:04.751Z\nToken\ntok\nTopicArn\narn\nType\nSubscriptionConfirmation\n");
  }

  @Test
  void signaturesVerifyAndTamperingIsDetected() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    java.security.KeyPair kp = g.generateKeyPair();
    for (int version : new int[] {1, 2}) {
      SnsMessages messages = new SnsMessages(new SnsSigner(kp.getPrivate(), version), new SnsLinks("https://kw.example"));
      Subscription s = new Subscription("arn:aws:sns:us-east-1:1:t:abc", "arn:aws:sns:us-east-1:1:t", Protocol.HTTPS, "https://r", true, "tok");
      Map<String, String> n = messages.notification(s, new Notification("id", s.topicArn(), null, Map.of("default", "hi"),
          java.time.Instant.EPOCH));
      assertThat(n).doesNotContainKey("Subject");
      assertThat(n.get("SigningCertURL")).isEqualTo("https://kw.example" + SnsLinks.CERT_PATH);
      assertThat(SnsSigner.verify(n, kp.getPublic())).isTrue();
      Map<String, String> t = new LinkedHashMap<>(n);
      t.put("Timestamp", "1970-01-01T00:00:00.001Z");
      assertThat(SnsSigner.verify(t, kp.getPublic())).isFalse();
    }
  }
}
