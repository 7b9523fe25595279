package keywatch.watch.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The local outbox: every notification as one JSON line in a file under the data directory, and
 * the most recent ones in memory for the console. Needs no setup, so it is the embedded default.
 */
public final class Outbox implements Transport {
  public static final int KEEP_IN_MEMORY = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One line of the outbox. */
  public record Entry(String subscriptionArn, String topicArn, String messageId, String subject, String message, String timestamp) {}

  private final Path file;
  private final Deque<Entry> recent = new ArrayDeque<>();

  /** @param file null for memory only */
  public Outbox(Path file) {
    this.file = file;
  }

  @Override
  public synchronized void deliver(Subscription s, Notification n) throws IOException {
    Entry e = new Entry(s.arn(), n.topicArn(), n.messageId(), n.subject(), n.messageFor(s.protocol()),
        SnsMessages.TIMESTAMP.format(n.timestamp()));
    if (file != null) {
      ObjectNode line = JSON.valueToTree(e);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, line.toString() + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
    recent.addLast(e);
    if (recent.size() > KEEP_IN_MEMORY) {
      recent.removeFirst();
    }
  }

  /**
   * Without SMTP an email subscription's confirmation request lands here, so whoever reads the
   * outbox can follow the link.
   */
  @Override
  public void requestConfirmation(Subscription s, String subscribeUrl, java.time.Instant now) throws IOException {
    String id = java.util.UUID.randomUUID().toString();
    deliver(s, new Notification(id, s.topicArn(), EmailTransport.CONFIRMATION_SUBJECT,
        java.util.Map.of("default", "You have chosen to subscribe to the topic: \n" + s.topicArn() + " with " + s.protocol().awsName()
            + " endpoint " + s.endpoint() + "\n\nTo confirm this subscription, visit:\n" + subscribeUrl + "\n"), now));
  }

  public synchronized List<Entry> recent() {
    return List.copyOf(recent);
  }

  public Path file() {
    return file;
  }

  /** Reads the outbox file back (for the CLI and for a restarted process's console). */
  public static List<Entry> read(Path file) {
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
          .map(l -> {
            try {
              return JSON.readValue(l, Entry.class);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
