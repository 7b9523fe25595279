package keywatch.watch.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import keywatch.watch.metric.MetricId;
import keywatch.watch.metric.MetricStore;
import keywatch.watch.testing.MutableClock;
import org.junit.jupiter.api.Test;

class AlarmDefinitionTest {
  static AlarmDefinition.Builder base() {
    return AlarmDefinition.builder().alarmName("a").namespace("NS").metricName("M").statistic("Sum").periodSeconds(60)
        .evaluationPeriods(1).threshold(1.0).comparisonOperator("GreaterThanThreshold");
  }

  @Test
  void periodsAreTenTwentyThirtyOrMinutes() {
    for (int p : new int[] {10, 20, 30, 60, 120, 3600}) {
      assertThat(base().periodSeconds(p).build().periodSeconds()).isEqualTo(p);
    }
    for (int p : new int[] {1, 5, 15, 45, 90}) {
      assertThatThrownBy(() -> base().periodSeconds(p).build()).hasMessage("Period must be 10, 20, 30 or a multiple of 60.");
    }
    assertThatThrownBy(() -> base().periodSeconds(60).evaluationPeriods(1441).build()).hasMessageContaining("86400");
    assertThat(base().periodSeconds(3600).evaluationPeriods(168).build().evaluationPeriods()).isEqualTo(168);
    assertThatThrownBy(() -> base().periodSeconds(3600).evaluationPeriods(169).build()).hasMessageContaining("604800");
  }

  @Test
  void statisticXorExtendedStatistic() {
    assertThatThrownBy(() -> base().extendedStatistic("p99").build()).hasMessageContaining("Exactly one");
    assertThatThrownBy(() -> base().statistic(null).build()).hasMessageContaining("Exactly one");
    assertThat(base().statistic(null).extendedStatistic("p99.5").build().statisticName()).isEqualTo("p99.5");
    assertThatThrownBy(() -> base().evaluateLowSampleCountPercentile("ignore").build()).hasMessageContaining("percentile");
  }

  @Test
  void datapointsToAlarmDefaultsToEvaluationPeriodsAndCannotExceedIt() {
    assertThat(base().evaluationPeriods(3).build().datapointsToAlarm()).isEqualTo(3);
    assertThatThrownBy(() -> base().evaluationPeriods(3).datapointsToAlarm(4).build()).hasMessageContaining("DatapointsToAlarm");
    assertThatThrownBy(() -> base().comparisonOperator("LessThanLowerOrGreaterThanUpperThreshold").build())
        .hasMessageContaining("Member must satisfy enum value set");
    assertThatThrownBy(() -> base().treatMissingData("sometimes").build()).hasMessageContaining("TreatMissingData");
    assertThatThrownBy(() -> base().alarmName("").build())
        .hasMessage("1 validation error detected: Value '' at 'alarmName' failed to satisfy constraint: Member must have length greater than or equal to 1");
  }

  @Test
  void everyComparisonOperator() {
    assertThat(ComparisonOperator.GreaterThanThreshold.breaches(2, 1)).isTrue();
    assertThat(ComparisonOperator.GreaterThanThreshold.breaches(1, 1)).isFalse();
    assertThat(ComparisonOperator.GreaterThanOrEqualToThreshold.breaches(1, 1)).isTrue();
    assertThat(ComparisonOperator.LessThanThreshold.breaches(0, 1)).isTrue();
    assertThat(ComparisonOperator.LessThanThreshold.breaches(1, 1)).isFalse();
    assertThat(ComparisonOperator.LessThanOrEqualToThreshold.breaches(1, 1)).isTrue();
    assertThat(ComparisonOperator.LessThanOrEqualToThreshold.breaches(2, 1)).isFalse();
  }

  @Test
  void lowSampleCountPercentileIgnoreKeepsTheState() {
    Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    for (String mode : new String[] {"evaluate", "ignore"}) {
      MutableClock clock = new MutableClock(t0);
      MetricStore store = new MetricStore();
      List<AlarmStateChange> fired = new ArrayList<>();
      Alarms alarms = new Alarms(store, AlarmRepository.inMemory(), fired::add, clock, Alarms.Account.DEFAULT);
      alarms.put(base().statistic(null).extendedStatistic("p99").evaluateLowSampleCountPercentile(mode).build());
      MetricId id = MetricId.of("NS", "M");
      for (int i = 0; i < 10; i++) {
        store.put(id, t0.plusSeconds(i).toEpochMilli(), 5, null, 1); // 10 samples: far below 1000 for p99
      }
      clock.set(t0.plusSeconds(60));
      alarms.evaluate(clock.instant());
      assertThat(alarms.describe("a").orElseThrow().stateValue())
          .isEqualTo(mode.equals("evaluate") ? AlarmState.ALARM : AlarmState.INSUFFICIENT_DATA);
    }
  }

  @Test
  void describeAlarmsJsonRoundTrip() {
    AlarmDefinition d = base().alarmDescription("d").dimensions(java.util.Map.of("KeyId", "k")).unit("Count")
        .treatMissingData("notBreaching").evaluationPeriods(5).datapointsToAlarm(3).earlyDecision(true).build();
    assertThat(AlarmJson.fromJson(AlarmJson.toJson(d))).isEqualTo(d);
  }
}
