package keywatch.watch.event;

import java.util.Objects;

/**
 * One log event as CloudWatch Logs holds it: a timestamp (epoch milliseconds) and the message.
 * For a CloudTrail log group the message is one CloudTrail record as JSON.
 */
public record LogEvent(long timestampMillis, String message) {
  public LogEvent {
    Objects.requireNonNull(message, "message");
  }
}
