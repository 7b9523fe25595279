package keywatch.watch.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reliable delivery, one queue (a "lane") per subscription.
 *
 * <p>Design: {@link #enqueue} only appends to the lane and, if the lane is idle, schedules its
 * next attempt; it never calls a receiver, so publishing (and with it alarm evaluation) takes
 * microseconds however slow the receivers are. A lane tries one message at a time, in order, on
 * the scheduler's threads; a failure schedules a retry after the policy's backoff and holds the
 * lane (per-subscription order, as SNS keeps for HTTP), while other lanes go on. After the last
 * attempt the message is written to the dead-letter record and the lane moves on. A message
 * counts as delivered once, when an attempt succeeds; it is never tried again after that.
 *
 * <p>Each lane's counters go to the {@link DeliveryStatusStore} after every attempt (under the
 * lane's lock, so saves of one lane never overtake each other) and are read back when a lane is
 * first made, so {@link #status} survives a restart. What is still queued does not.
 */
public final class Deliveries {
  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One thing to send: a confirmation request or a notification. */
  private record Item(Subscription subscription, Notification notification, String subscribeUrl) {}

  private final class Lane {
    final String arn;
    final Deque<Item> queue = new ArrayDeque<>();
    boolean busy;
    int attempts;
    long delivered;
    long failedAttempts;
    long deadLettered;
    String lastError;
    Long lastSuccess;
    Long lastFailure;
    DeliveryStatus.Outcome lastOutcome;

    Lane(String arn) {
      this.arn = arn;
      DeliveryStatus saved = persisted.get(arn);
      if (saved != null) {
        delivered = saved.delivered();
        failedAttempts = saved.failedAttempts();
        deadLettered = saved.deadLettered();
        lastError = saved.lastError();
        lastSuccess = saved.lastSuccessMillis();
        lastFailure = saved.lastFailureMillis();
        lastOutcome = saved.lastOutcome();
      }
    }

    void attempt() {
      Item item;
      synchronized (this) {
        item = queue.peekFirst();
        if (item == null) {
          busy = false;
          return;
        }
        attempts++;
      }
      Exception failure = null;
      try {
        Transport t = transports.apply(item.subscription().protocol());
        if (item.notification() == null) {
          t.requestConfirmation(item.subscription(), item.subscribeUrl(), Instant.ofEpochMilli(scheduler.nowMillis()));
        } else {
          t.deliver(item.subscription(), item.notification());
        }
      } catch (Exception e) {
        failure = e;
      }
      long now = scheduler.nowMillis();
      synchronized (this) {
        if (failure == null) {
          delivered++;
          lastSuccess = now;
          lastOutcome = DeliveryStatus.Outcome.DELIVERED;
          queue.pollFirst();
          attempts = 0;
          save();
          scheduleNextOrIdle(0);
          return;
        }
        failedAttempts++;
        lastFailure = now;
        lastError = String.valueOf(failure.getMessage());
        if (attempts < policy.maxAttempts()) {
          lastOutcome = DeliveryStatus.Outcome.FAILED_WILL_RETRY;
          save();
          scheduler.schedule(this::attempt, policy.delayMillisAfter(attempts));
          return;
        }
        deadLettered++;
        lastOutcome = DeliveryStatus.Outcome.DEAD_LETTERED;
        queue.pollFirst();
        int tried = attempts;
        attempts = 0;
        deadLetter(item, tried, lastError, now);
        save();
        scheduleNextOrIdle(0);
      }
    }

    void scheduleNextOrIdle(long delay) {
      if (queue.isEmpty()) {
        busy = false;
      } else {
        busy = true;
        scheduler.schedule(this::attempt, delay);
      }
    }

    synchronized DeliveryStatus status() {
      return new DeliveryStatus(arn, delivered, failedAttempts, deadLettered, queue.size(), lastError, lastSuccess, lastFailure,
          lastOutcome);
    }

    /** Called with the lane's lock held. A store that fails loses a count, never a delivery. */
    private void save() {
      try {
        store.save(new DeliveryStatus(arn, delivered, failedAttempts, deadLettered, 0, lastError, lastSuccess, lastFailure,
            lastOutcome));
      } catch (RuntimeException e) {
        LOG.error("cannot save the delivery status of {}: {}", arn, e.toString());
      }
    }
  }

  private final Scheduler scheduler;
  private final RetryPolicy policy;
  private final Function<Protocol, Transport> transports;
  private final Path deadLetterFile;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private final DeliveryStatusStore store;
  private final Map<String, DeliveryStatus> persisted;

  /** @param deadLetterFile a JSONL file, or null to keep dead letters in memory only */
  public Deliveries(Scheduler scheduler, RetryPolicy policy, Function<Protocol, Transport> transports, Path deadLetterFile) {
    this(scheduler, policy, transports, deadLetterFile, DeliveryStatusStore.NONE);
  }

  /** As above, with the counters kept in {@code store} and read back from it now. */
  public Deliveries(Scheduler scheduler, RetryPolicy policy, Function<Protocol, Transport> transports, Path deadLetterFile,
      DeliveryStatusStore store) {
    this.scheduler = scheduler;
    this.policy = policy;
    this.transports = transports;
    this.deadLetterFile = deadLetterFile;
    this.store = store;
    this.persisted = Map.copyOf(store.load());
  }

  public void enqueue(Subscription s, Notification n) {
    add(new Item(s, n, null));
  }

  public void enqueueConfirmation(Subscription s, String subscribeUrl) {
    add(new Item(s, null, subscribeUrl));
  }

  private void add(Item item) {
    Lane lane = lanes.computeIfAbsent(item.subscription().arn(), Lane::new);
    synchronized (lane) {
      lane.queue.addLast(item);
      if (!lane.busy) {
        lane.busy = true;
        scheduler.schedule(lane::attempt, 0);
      }
    }
  }

  public DeliveryStatus status(String subscriptionArn) {
    Lane lane = lanes.get(subscriptionArn);
    if (lane != null) {
      return lane.status();
    }
    DeliveryStatus saved = persisted.get(subscriptionArn);
    return saved != null ? saved : DeliveryStatus.none(subscriptionArn);
  }

  /**
   * The status of every subscription that has had an attempt, in this process or (from the store)
   * before it, by subscription ARN; subscriptions since removed included.
   */
  public Map<String, DeliveryStatus> statuses() {
    Map<String, DeliveryStatus> out = new java.util.TreeMap<>(persisted);
    lanes.forEach((arn, lane) -> out.put(arn, lane.status()));
    return out;
  }

  public synchronized List<DeadLetter> deadLetters() {
    return List.copyOf(deadLetters);
  }

  private void deadLetter(Item item, int attempts, String error, long nowMillis) {
    Subscription s = item.subscription();
    Notification n = item.notification();
    DeadLetter d = new DeadLetter(s.arn(), s.protocol().awsName(), s.endpoint(), s.topicArn(),
        n == null ? null : n.messageId(), n == null ? EmailTransport.CONFIRMATION_SUBJECT : n.subject(),
        n == null ? null : n.messageFor(s.protocol()), attempts, error,
        SnsMessages.TIMESTAMP.format(Instant.ofEpochMilli(nowMillis)));
    LOG.warn("delivery to {} ({}) failed {} times, dead-lettered: {}", s.arn(), s.protocol().awsName(), attempts, error);
    synchronized (this) {
      deadLetters.add(d);
      if (deadLetterFile != null) {
        try {
          Files.createDirectories(deadLetterFile.toAbsolutePath().getParent());
          Files.writeString(deadLetterFile, JSON.writeValueAsString(d) + "\n", StandardCharsets.UTF_8,
              StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
          LOG.error("cannot write the dead-letter record {}", deadLetterFile, e);
        }
      }
    }
  }
}
