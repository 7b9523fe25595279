package keywatch.watch.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retries with backoff, dead letters, lanes per subscription; time moves only by hand. */
class DeliveriesTest {
  static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(20));

  /** A receiver that fails its first {@code failures} attempts, then records what it gets. */
  static final class FlakyReceiver implements Transport {
    final AtomicInteger attempts = new AtomicInteger();
    final List<String> received = new ArrayList<>();
    final int failures;

    FlakyReceiver(int failures) {
      this.failures = failures;
    }

    @Override
    public void deliver(Subscription s, Notification n) throws Exception {
      if (attempts.incrementAndGet() <= failures) {
        throw new DeliveryException("HTTP 503");
      }
      received.add(n.messageId());
    }
  }

  ManualScheduler scheduler = new ManualScheduler(0);

  Topics topics(Map<String, Transport> byEndpoint) {
    Transport router = (s, n) -> byEndpoint.get(s.endpoint()).deliver(s, n);
    Deliveries d = new Deliveries(scheduler, POLICY, p -> router, null);
    return new Topics("us-east-1", "111122223333", d, new SnsLinks("http://127.0.0.1:1"), null);
  }

  @Test
  void aReceiverFailingTwiceThenRecoveringGetsTheMessageExactlyOnce() {
    FlakyReceiver r = new FlakyReceiver(2);
    Topics t = topics(Map.of("https://r.example/", r));
    String arn = t.createTopic("alerts").arn();
    Subscription s = t.subscribe(arn, Protocol.SLACK, "https://r.example/");
    Notification n = t.publish(arn, "s", Map.of("default", "m"), Instant.EPOCH);

    scheduler.runDue();
    assertThat(r.attempts).hasValue(1);
    assertThat(scheduler.pendingDueTimes()).containsExactly(1000L);
    scheduler.advance(1000);
    assertThat(r.attempts).hasValue(2);
    assertThat(scheduler.pendingDueTimes()).containsExactly(3000L); // backoff doubles
    scheduler.advance(60_000);

    assertThat(r.received).containsExactly(n.messageId());
    assertThat(r.attempts).hasValue(3);
    DeliveryStatus st = t.deliveries().status(s.arn());
    assertThat(st.delivered()).isEqualTo(1);
    assertThat(st.failedAttempts()).isEqualTo(2);
    assertThat(st.pending()).isZero();
    assertThat(t.deliveries().deadLetters()).isEmpty();
  }

  @Test
  void aReceiverThatNeverRecoversEndsInTheDeadLetterRecord(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    FlakyReceiver r = new FlakyReceiver(Integer.MAX_VALUE);
    Transport router = (s, n) -> r.deliver(s, n);
    java.nio.file.Path file = dir.resolve("dead-letters.jsonl");
    Deliveries d = new Deliveries(scheduler, POLICY, p -> router, file);
    Topics t = new Topics("us-east-1", "111122223333", d, new SnsLinks("http://127.0.0.1:1"), null);
    String arn = t.createTopic("alerts").arn();
    Subscription s = t.subscribe(arn, Protocol.SLACK, "https://down.example/");
    Notification n = t.publish(arn, "subject", Map.of("default", "m"), Instant.EPOCH);

    scheduler.advance(3_600_000);

    assertThat(r.attempts).hasValue(POLICY.maxAttempts());
    assertThat(d.deadLetters()).singleElement().satisfies(x -> {
      assertThat(x.messageId()).isEqualTo(n.messageId());
      assertThat(x.subscriptionArn()).isEqualTo(s.arn());
      assertThat(x.attempts()).isEqualTo(4);
      assertThat(x.lastError()).isEqualTo("HTTP 503");
    });
    assertThat(java.nio.file.Files.readAllLines(file)).singleElement().asString().contains(n.messageId());
    assertThat(d.status(s.arn()).deadLettered()).isEqualTo(1);
    assertThat(scheduler.pendingDueTimes()).isEmpty();
  }

  @Test
  void aFailingReceiverDelaysNeitherPublishNorOtherSubscribers() {
    FlakyReceiver down = new FlakyReceiver(Integer.MAX_VALUE);
    FlakyReceiver up = new FlakyReceiver(0);
    Topics t = topics(Map.of("https://down.example/", down, "https://up.example/", up));
    String arn = t.createTopic("alerts").arn();
    t.subscribe(arn, Protocol.SLACK, "https://down.example/");
    t.subscribe(arn, Protocol.SLACK, "https://up.example/");

    for (int i = 0; i < 3; i++) {
      t.publish(arn, "s", Map.of("default", "m" + i), Instant.EPOCH);
    }
    assertThat(down.attempts).hasValue(0); // publishing only queued
    scheduler.runDue();

    assertThat(up.received).hasSize(3);
    assertThat(down.attempts).hasValue(1); // holds its own lane only
  }

  @Test
  void anUnconfirmedSubscriptionReceivesNothing() {
    List<String> sent = new ArrayList<>();
    List<String> confirmations = new ArrayList<>();
    Transport t = new Transport() {
      @Override
      public void deliver(Subscription s, Notification n) {
        sent.add(n.messageId());
      }

      @Override
      public void requestConfirmation(Subscription s, String url, Instant now) {
        confirmations.add(url);
      }
    };
    Topics topics = new Topics("us-east-1", "111122223333", new Deliveries(scheduler, POLICY, p -> t, null),
        new SnsLinks("http://127.0.0.1:1"), null);
    String arn = topics.createTopic("alerts").arn();
    Subscription s = topics.subscribe(arn, Protocol.HTTP, "http://receiver.example/");
    topics.publish(arn, "s", Map.of("default", "m"), Instant.EPOCH);
    scheduler.runDue();

    assertThat(s.visibleArn()).isEqualTo("PendingConfirmation");
    assertThat(confirmations).hasSize(1);
    assertThat(sent).isEmpty();

    assertThat(topics.confirm(arn, "not-the-token")).isEmpty();
    assertThat(topics.confirm(arn, s.token())).get().extracting(Subscription::confirmed).isEqualTo(true);
    topics.publish(arn, "s", Map.of("default", "m"), Instant.EPOCH);
    scheduler.runDue();
    assertThat(sent).hasSize(1);
  }
}
