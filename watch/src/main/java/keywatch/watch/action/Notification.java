package keywatch.watch.action;

import java.time.Instant;
import java.util.Map;

/**
 * One message published to a topic. {@code messages} maps a protocol name ({@code "email"},
 * {@code "http"}, ...) to the text that protocol receives, with {@code "default"} for the rest:
 * SNS's {@code MessageStructure=json}, which is how CloudWatch gives email a readable text while
 * machines get the JSON.
 */
public record Notification(String messageId, String topicArn, String subject, Map<String, String> messages, Instant timestamp) {
  public Notification {
    messages = Map.copyOf(messages);
    if (!messages.containsKey("default")) {
      throw new IllegalArgumentException("Invalid parameter: Message Structure - No default entry in JSON message body");
    }
  }

  public String messageFor(Protocol protocol) {
    return messages.getOrDefault(protocol.awsName(), messages.get("default"));
  }
}
