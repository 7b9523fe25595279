package keywatch.watch.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The counters go to the store after every attempt and come back in a new {@link Deliveries}. */
class DeliveryStatusPersistenceTest {
  static final RetryPolicy POLICY = new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(20));

  /** A store in a map, standing for the database. */
  static final class MapStore implements DeliveryStatusStore {
    final Map<String, DeliveryStatus> rows = new LinkedHashMap<>();

    @Override
    public Map<String, DeliveryStatus> load() {
      return Map.copyOf(rows);
    }

    @Override
    public void save(DeliveryStatus status) {
      rows.put(status.subscriptionArn(), status);
    }
  }

  @Test
  void deliveredAndDeadLetteredCountsSurviveANewDeliveries() {
    MapStore store = new MapStore();
    ManualScheduler scheduler = new ManualScheduler(0);
    Transport router = (s, n) -> {
      if (s.endpoint().contains("down")) {
        throw new DeliveryException("HTTP 503");
      }
    };
    Topics t = new Topics("us-east-1", "111122223333", new Deliveries(scheduler, POLICY, p -> router, null, store),
        new SnsLinks("http://127.0.0.1:1"), null);
    String topic = t.createTopic("alerts").arn();
    Subscription up = t.subscribe(topic, Protocol.SLACK, "https://up.example/");
    Subscription down = t.subscribe(topic, Protocol.SLACK, "https://down.example/");
    t.publish(topic, "s", Map.of("default", "m"), Instant.EPOCH);
    scheduler.runDue();
    assertThat(store.rows.get(down.arn()).lastOutcome()).isEqualTo(DeliveryStatus.Outcome.FAILED_WILL_RETRY);
    scheduler.advance(60_000);

    Deliveries again = new Deliveries(new ManualScheduler(0), POLICY, p -> router, null, store);
    DeliveryStatus ok = again.status(up.arn());
    assertThat(ok.delivered()).isEqualTo(1);
    assertThat(ok.lastOutcome()).isEqualTo(DeliveryStatus.Outcome.DELIVERED);
    assertThat(ok.lastSuccessMillis()).isZero();
    DeliveryStatus dead = again.status(down.arn());
    assertThat(dead.deadLettered()).isEqualTo(1);
    assertThat(dead.failedAttempts()).isEqualTo(2);
    assertThat(dead.lastOutcome()).isEqualTo(DeliveryStatus.Outcome.DEAD_LETTERED);
    assertThat(dead.lastError()).isEqualTo("HTTP 503");
    assertThat(again.statuses()).containsOnlyKeys(up.arn(), down.arn());
  }

  @Test
  void aNewLaneContinuesFromTheSavedCounts() {
    MapStore store = new MapStore();
    Transport ok = (s, n) -> {};
    ManualScheduler first = new ManualScheduler(0);
    Topics t = new Topics("us-east-1", "111122223333", new Deliveries(first, POLICY, p -> ok, null, store),
        new SnsLinks("http://127.0.0.1:1"), null);
    String topic = t.createTopic("alerts").arn();
    Subscription s = t.subscribe(topic, Protocol.SLACK, "https://up.example/");
    t.publish(topic, "s", Map.of("default", "m"), Instant.EPOCH);
    first.runDue();

    ManualScheduler second = new ManualScheduler(5_000);
    Deliveries again = new Deliveries(second, POLICY, p -> ok, null, store);
    again.enqueue(s, t.publish(topic, "s2", Map.of("default", "m2"), Instant.EPOCH));
    second.runDue();
    assertThat(again.status(s.arn()).delivered()).isEqualTo(2);
    assertThat(store.rows.get(s.arn()).lastSuccessMillis()).isEqualTo(5_000);
  }
}
