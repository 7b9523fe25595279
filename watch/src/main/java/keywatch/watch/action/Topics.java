package keywatch.watch.action;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Topics and subscriptions with SNS semantics: CreateTopic (idempotent by name), Subscribe (a
 * pending subscription and a confirmation request for email and http/https), ConfirmSubscription
 * by token, Unsubscribe, Publish (to confirmed subscriptions only, through {@link Deliveries}).
 * State is kept in a small JSON file so confirmations survive restarts.
 */
public final class Topics {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record State(List<Topic> topics, List<Subscription> subscriptions) {}

  private final String region;
  private final String accountId;
  private final Deliveries deliveries;
  private final SnsLinks links;
  private final Path stateFile;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Topic> topics = new LinkedHashMap<>();
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

  /** @param stateFile where topics and subscriptions persist; null for memory only */
  public Topics(String region, String accountId, Deliveries deliveries, SnsLinks links, Path stateFile) {
    this.region = region;
    this.accountId = accountId;
    this.deliveries = deliveries;
    this.links = links;
    this.stateFile = stateFile;
    if (stateFile != null && Files.exists(stateFile)) {
      try {
        State s = JSON.readValue(stateFile.toFile(), new TypeReference<State>() {});
        s.topics().forEach(t -> topics.put(t.arn(), t));
        s.subscriptions().forEach(x -> subscriptions.put(x.arn(), x));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + stateFile, e);
      }
    }
  }

  public synchronized Topic createTopic(String name) {
    String arn = Topic.arn(region, accountId, name);
    Topic t = topics.computeIfAbsent(arn, a -> new Topic(a, name));
    save();
    return t;
  }

  public synchronized Optional<Topic> topic(String arn) {
    return Optional.ofNullable(topics.get(arn));
  }

  public synchronized List<Topic> topics() {
    return List.copyOf(topics.values());
  }

  /**
   * Subscribe: returns the subscription, pending if its protocol needs confirmation (a request is
   * then on its way). Subscribing the same endpoint twice returns the existing subscription, and
   * resends the request if it is still pending.
   */
  public Subscription subscribe(String topicArn, Protocol protocol, String endpoint) {
    Subscription s;
    boolean requestConfirmation;
    synchronized (this) {
      if (!topics.containsKey(topicArn)) {
        throw new IllegalArgumentException("Topic does not exist: " + topicArn);
      }
      validateEndpoint(protocol, endpoint);
      Subscription existing = subscriptions.values().stream()
          .filter(x -> x.topicArn().equals(topicArn) && x.protocol() == protocol && x.endpoint().equals(endpoint))
          .findFirst().orElse(null);
      if (existing != null) {
        s = existing;
      } else {
        byte[] token = new byte[64];
        random.nextBytes(token);
        s = new Subscription(topicArn + ":" + UUID.randomUUID(), topicArn, protocol, endpoint,
            !protocol.needsConfirmation(), HexFormat.of().formatHex(token));
        subscriptions.put(s.arn(), s);
        save();
      }
      requestConfirmation = !s.confirmed();
    }
    if (requestConfirmation) {
      deliveries.enqueueConfirmation(s, links.subscribeUrl(s));
    }
    return s;
  }

  private static void validateEndpoint(Protocol p, String endpoint) {
    boolean ok = switch (p) {
      case EMAIL, EMAIL_JSON -> endpoint.matches("[^@\\s]+@[^@\\s]+");
      case HTTP -> endpoint.startsWith("http://");
      case HTTPS -> endpoint.startsWith("https://");
      case SLACK -> endpoint.startsWith("https://") || endpoint.startsWith("http://");
      case OUTBOX -> true;
    };
    if (!ok) {
      throw new IllegalArgumentException("Invalid parameter: Endpoint");
    }
  }

  /** ConfirmSubscription: the token alone identifies the subscription; returns it confirmed. */
  public synchronized Optional<Subscription> confirm(String topicArn, String token) {
    if (token == null) {
      return Optional.empty();
    }
    for (Subscription s : subscriptions.values()) {
      if (java.security.MessageDigest.isEqual(s.token().getBytes(), token.getBytes())
          && (topicArn == null || topicArn.equals(s.topicArn()))) {
        Subscription c = s.confirm();
        subscriptions.put(c.arn(), c);
        save();
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  public synchronized boolean unsubscribe(String subscriptionArn) {
    boolean removed = subscriptions.remove(subscriptionArn) != null;
    if (removed) {
      save();
    }
    return removed;
  }

  public synchronized List<Subscription> subscriptions() {
    return List.copyOf(subscriptions.values());
  }

  public synchronized List<Subscription> subscriptionsOf(String topicArn) {
    return subscriptions.values().stream().filter(s -> s.topicArn().equals(topicArn)).toList();
  }

  /**
   * Publish: queues the message for every confirmed subscription and returns at once. Unknown
   * topics are an error, as in SNS (NotFound).
   */
  public Notification publish(String topicArn, String subject, Map<String, String> messages, Instant now) {
    Notification n = new Notification(UUID.randomUUID().toString(), topicArn, subject, messages, now);
    List<Subscription> targets = new ArrayList<>();
    synchronized (this) {
      if (!topics.containsKey(topicArn)) {
        throw new IllegalArgumentException("Topic does not exist: " + topicArn);
      }
      for (Subscription s : subscriptions.values()) {
        if (s.topicArn().equals(topicArn) && s.confirmed()) {
          targets.add(s);
        }
      }
    }
    targets.forEach(s -> deliveries.enqueue(s, n));
    return n;
  }

  public Deliveries deliveries() {
    return deliveries;
  }

  private void save() {
    if (stateFile == null) {
      return;
    }
    try {
      Files.createDirectories(stateFile.toAbsolutePath().getParent());
      Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), new State(List.copyOf(topics.values()), List.copyOf(subscriptions.values())));
      Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + stateFile, e);
    }
  }
}
