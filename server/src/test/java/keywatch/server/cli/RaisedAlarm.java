package keywatch.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import keywatch.server.KeywatchServer;
import keywatch.server.notify.Actions;
import keywatch.watch.alarm.AlarmDefinition;
import keywatch.watch.alarm.AlarmRepository;
import keywatch.watch.alarm.Alarms;
import keywatch.watch.event.LogEvent;
import keywatch.watch.metric.MetricFilters;
import keywatch.watch.metric.MetricStore;
import keywatch.watch.metric.MetricTransformation;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * A real alarm on a running keywatch: every trail record goes through a metric filter for KMS
 * errors into an alarm (Sum > 0 over 10 s, early decision) whose actions are the server's own
 * (the lab topic, the responder). A failed Decrypt naming a key then raises it, and the evidence
 * names that key.
 */
final class RaisedAlarm implements AutoCloseable {
  static final String NAME = "KmsErrorsAlarm";
  static final String LOG_GROUP = "keywatch-trail";
  static final String TOPIC = "arn:aws:sns:us-east-1:111122223333:" + Actions.LAB_TOPIC;

  final ConcurrentLinkedQueue<ObjectNode> records = new ConcurrentLinkedQueue<>();
  private final AutoCloseable subscription;
  private final MetricFilters filters;
  private final Alarms alarms;

  RaisedAlarm(KeywatchServer server) {
    subscription = server.trail().orElseThrow().subscribe(records::add);
    MetricStore store = new MetricStore();
    filters = new MetricFilters(store);
    filters.onMatch(server.actions().evidence()::record);
    filters.put(LOG_GROUP, "kms-errors", "{ $.errorCode = \"*\" && $.eventSource = \"kms.amazonaws.com\" }",
        List.of(new MetricTransformation("KmsErrors", "Keywatch/Test", "1")), 0);
    alarms = new Alarms(store, AlarmRepository.inMemory(), server.actions().alarmActions(), Clock.systemUTC(),
        new Alarms.Account("111122223333", "us-east-1"));
    alarms.put(AlarmDefinition.builder().alarmName(NAME).namespace("Keywatch/Test").metricName("KmsErrors").statistic("Sum")
        .periodSeconds(10).evaluationPeriods(1).datapointsToAlarm(1).threshold(0.0).comparisonOperator("GreaterThanThreshold")
        .treatMissingData("ignore").alarmActions(List.of(TOPIC)).earlyDecision(true).build());
  }

  /** A Decrypt of garbage under {@code keyId} fails; its trail record goes through the filter; the alarm is evaluated. */
  void failDecryptAndEvaluate(KmsClient kms, String keyId) {
    try {
      kms.decrypt(b -> b.keyId(keyId).ciphertextBlob(SdkBytes.fromUtf8String("not a ciphertext of this key, at all")));
      throw new AssertionError("Decrypt of garbage succeeded");
    } catch (KmsException expected) {
      // the failure is what raises the alarm
    }
    ObjectNode failed = await(() -> records.stream().anyMatch(r -> r.path("eventName").asText().equals("Decrypt")
        && r.hasNonNull("errorCode")), "the failed Decrypt in the trail");
    assertThat(failed.path("errorCode").asText()).isNotEmpty();
    filters.apply(LOG_GROUP, new LogEvent(Instant.now().toEpochMilli(), failed.toString()));
    alarms.evaluate(Instant.now());
  }

  private ObjectNode await(BooleanSupplier condition, String what) {
    waitFor(condition, what);
    return records.stream().filter(r -> r.path("eventName").asText().equals("Decrypt") && r.hasNonNull("errorCode"))
        .findFirst().orElseThrow();
  }

  /** Polls {@code condition} for up to 10 s (the effect is on another thread); fails with {@code what} if it never holds. */
  static void waitFor(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L); // a poll, not a synchronisation: the condition decides
    }
  }

  @Override
  public void close() throws Exception {
    subscription.close();
  }
}
