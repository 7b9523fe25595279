package keywatch.watch.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import keywatch.watch.metric.MetricId;
import keywatch.watch.metric.MetricStore;
import keywatch.watch.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** Actions fire once per transition, never while a state persists; history records every change. */
class AlarmTransitionsTest {
  static final MetricId METRIC = MetricId.of("Pattern1Application/KMSSecurity", "KMSSecurityError");
  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  static AlarmDefinition lab(boolean early, List<String> okActions) {
    return AlarmDefinition.builder()
        .alarmName("Pattern1ApplicationKMSSecurityAlarm").alarmDescription("KMS security errors")
        .namespace(METRIC.namespace()).metricName(METRIC.metricName()).statistic("Sum").periodSeconds(10)
        .evaluationPeriods(1).datapointsToAlarm(1).threshold(1.0).comparisonOperator("GreaterThanThreshold")
        .treatMissingData("ignore").alarmActions(List.of("arn:aws:sns:us-east-1:111122223333:pattern1-logging-topic"))
        .okActions(okActions).earlyDecision(early).build();
  }

  @Test
  void actionsFireExactlyOncePerTransition() {
    MutableClock clock = new MutableClock(T0);
    MetricStore store = new MetricStore();
    List<AlarmStateChange> fired = new ArrayList<>();
    Alarms alarms = new Alarms(store, AlarmRepository.inMemory(), fired::add, clock, Alarms.Account.DEFAULT);
    alarms.put(lab(false, List.of("arn:aws:sns:us-east-1:111122223333:ok-topic")));

    // Three failures in [10:00:00, 10:00:10): Sum 3 > 1.
    for (int s : new int[] {1, 2, 3}) {
      store.put(METRIC, T0.plusSeconds(s).toEpochMilli(), 1, "Count", 1);
    }
    // Ticks every 10 s for a minute, and twice at the same instant.
    for (int i = 1; i <= 6; i++) {
      clock.set(T0.plusSeconds(10L * i));
      alarms.evaluate(clock.instant());
      alarms.evaluate(clock.instant());
    }
    assertThat(fired).hasSize(1);
    AlarmStateChange c = fired.get(0);
    assertThat(c.oldState()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
    assertThat(c.newState()).isEqualTo(AlarmState.ALARM);
    assertThat(c.stateChangeTime()).isEqualTo(T0.plusSeconds(10));
    assertThat(c.actions()).containsExactly("arn:aws:sns:us-east-1:111122223333:pattern1-logging-topic");
    assertThat(c.alarmArn()).isEqualTo("arn:aws:cloudwatch:us-east-1:111122223333:alarm:Pattern1ApplicationKMSSecurityAlarm");
    assertThat(c.newStateReason())
        .startsWith("Threshold Crossed: 1 out of the last 1 datapoints [3.0 (27/11/26 10:00:00)] was greater than the threshold (1.0)");
    assertThat(c.toSnsMessage().get("Trigger").get("Statistic").asText()).isEqualTo("SUM");
    assertThat(c.toSnsMessage().get("Trigger").get("TreatMissingData").asText()).isEqualTo("ignore");
    assertThat(c.toSnsMessage().get("Region").asText()).isEqualTo("US East (N. Virginia)");
    assertThat(c.toSnsMessage().get("AlarmDescription").asText()).isEqualTo("KMS security errors");
    assertThat(c.toSnsMessage().get("OldStateValue").asText()).isEqualTo("INSUFFICIENT_DATA");
    assertThat(c.toSnsMessage().get("StateChangeTime").asText()).isEqualTo("2026-11-27T10:00:10.000+0000");
    assertThat(c.newStateReasonData()).contains("\"recentDatapoints\":[3.0]").contains("\"period\":10");

    // One failure in a later period: Sum 1 is not > 1, back to OK; OK actions fire once.
    store.put(METRIC, T0.plusSeconds(75).toEpochMilli(), 1, "Count", 1);
    for (int i = 8; i <= 12; i++) {
      clock.set(T0.plusSeconds(10L * i));
      alarms.evaluate(clock.instant());
    }
    assertThat(fired).hasSize(2);
    assertThat(fired.get(1).newState()).isEqualTo(AlarmState.OK);
    assertThat(fired.get(1).actions()).containsExactly("arn:aws:sns:us-east-1:111122223333:ok-topic");
    assertThat(fired.get(1).stateChangeTime()).isEqualTo(T0.plusSeconds(80));

    List<AlarmHistoryItem> history = alarms.history("Pattern1ApplicationKMSSecurityAlarm");
    assertThat(history).extracting(AlarmHistoryItem::historySummary)
        .containsExactly(
            "Alarm \"Pattern1ApplicationKMSSecurityAlarm\" created",
            "Alarm updated from INSUFFICIENT_DATA to ALARM",
            "Alarm updated from ALARM to OK");
  }

  @Test
  void disabledActionsRecordHistoryButFireNothing() {
    MutableClock clock = new MutableClock(T0);
    MetricStore store = new MetricStore();
    List<AlarmStateChange> fired = new ArrayList<>();
    Alarms alarms = new Alarms(store, AlarmRepository.inMemory(), fired::add, clock, Alarms.Account.DEFAULT);
    alarms.put(lab(false, List.of()).toBuilder().actionsEnabled(false).build());
    store.put(METRIC, T0.plusSeconds(1).toEpochMilli(), 2, "Count", 1);
    clock.set(T0.plusSeconds(10));
    assertThat(alarms.evaluate(clock.instant())).hasSize(1);
    assertThat(fired).isEmpty();
  }

  @Test
  void earlyDecisionAlarmsWhenTheBreachingValueArrives() {
    for (boolean early : new boolean[] {false, true}) {
      MutableClock clock = new MutableClock(T0);
      MetricStore store = new MetricStore();
      List<AlarmStateChange> fired = new ArrayList<>();
      Alarms alarms = new Alarms(store, AlarmRepository.inMemory(), fired::add, clock, Alarms.Account.DEFAULT);
      alarms.put(lab(early, List.of()));
      clock.set(T0.plusMillis(2_500));
      store.put(METRIC, clock.millis(), 1, "Count", 1);
      assertThat(fired).isEmpty(); // Sum 1 is not > 1 yet
      clock.set(T0.plusMillis(3_200));
      store.put(METRIC, clock.millis(), 1, "Count", 1);
      if (early) {
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).newState()).isEqualTo(AlarmState.ALARM);
        assertThat(fired.get(0).stateChangeTime()).isEqualTo(T0.plusMillis(3_200));
        assertThat(fired.get(0).newStateReason()).startsWith("Threshold Crossed (early decision): 1 out of the last 1 datapoints [2.0");
      } else {
        assertThat(fired).isEmpty();
      }
      // The period's end confirms the same state; nothing fires again.
      clock.set(T0.plusSeconds(10));
      alarms.evaluate(clock.instant());
      assertThat(fired).hasSize(1);
      assertThat(fired.get(0).stateChangeTime()).isEqualTo(early ? T0.plusMillis(3_200) : T0.plusSeconds(10));
    }
  }

  @Test
  void earlyDecisionNeverAppliesToStatisticsThatCanFall() {
    MutableClock clock = new MutableClock(T0);
    MetricStore store = new MetricStore();
    List<AlarmStateChange> fired = new ArrayList<>();
    Alarms alarms = new Alarms(store, AlarmRepository.inMemory(), fired::add, clock, Alarms.Account.DEFAULT);
    alarms.put(lab(true, List.of()).toBuilder().statistic("Average").build());
    clock.set(T0.plusSeconds(2));
    store.put(METRIC, clock.millis(), 5, "Count", 1);
    assertThat(fired).isEmpty();
    for (int i = 0; i < 5; i++) {
      store.put(METRIC, clock.millis(), 0, "Count", 1); // Average falls to 5/6
    }
    clock.advance(Duration.ofSeconds(8));
    alarms.evaluate(clock.instant());
    assertThat(alarms.describe("Pattern1ApplicationKMSSecurityAlarm").orElseThrow().stateValue()).isEqualTo(AlarmState.OK);
  }
}
