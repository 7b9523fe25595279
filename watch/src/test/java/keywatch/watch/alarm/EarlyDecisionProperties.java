package keywatch.watch.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import keywatch.watch.metric.MetricId;
import keywatch.watch.metric.MetricStore;
import keywatch.watch.testing.MutableClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Early decision never changes what the alarm concludes, only when: fed the same values in time
 * order and ticked at every period boundary, an alarm with early decision is in the same state as
 * the AWS-exact one after every boundary, reaches ALARM no later, and fires no more actions.
 */
class EarlyDecisionProperties {
  record Point(int offsetMillis, int value) {}

  record Case(String statistic, String operator, int threshold, int n, int m, String tmd, List<Point> points) {}

  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  static final MetricId ID = MetricId.of("NS", "M");

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<List<Point>> points =
        Combinators.combine(Arbitraries.integers().between(0, 119_999), Arbitraries.integers().between(0, 3))
            .as(Point::new).list().ofMaxSize(40)
            .map(l -> l.stream().sorted(java.util.Comparator.comparingInt(Point::offsetMillis)).toList());
    return Combinators.combine(
            Arbitraries.of("Sum", "SampleCount", "Maximum"),
            Arbitraries.of("GreaterThanThreshold", "GreaterThanOrEqualToThreshold"),
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(1, 3),
            Arbitraries.of("missing", "ignore", "breaching", "notBreaching"),
            points)
        .as((s, o, t, n, m, tmd, p) -> new Case(s, o, t, n, Math.min(m, n), tmd, p));
  }

  @Property(tries = 300)
  void earlyDecisionOnlyMovesAlarmEarlier(@ForAll("cases") Case c) {
    List<AlarmStateChange> exactFired = new ArrayList<>();
    List<AlarmStateChange> earlyFired = new ArrayList<>();
    MutableClock clock = new MutableClock(T0);
    MetricStore exactStore = new MetricStore();
    MetricStore earlyStore = new MetricStore();
    Alarms exact = new Alarms(exactStore, AlarmRepository.inMemory(), exactFired::add, clock, Alarms.Account.DEFAULT);
    Alarms early = new Alarms(earlyStore, AlarmRepository.inMemory(), earlyFired::add, clock, Alarms.Account.DEFAULT);
    AlarmDefinition def = AlarmDefinition.builder().alarmName("a").namespace("NS").metricName("M").statistic(c.statistic())
        .periodSeconds(10).evaluationPeriods(c.n()).datapointsToAlarm(c.m()).threshold((double) c.threshold())
        .comparisonOperator(c.operator()).treatMissingData(c.tmd()).build();
    exact.put(def);
    early.put(def.toBuilder().earlyDecision(true).build());
    long boundary = T0.toEpochMilli() + 10_000;
    int i = 0;
    while (boundary <= T0.toEpochMilli() + 130_000) {
      while (i < c.points().size() && T0.toEpochMilli() + c.points().get(i).offsetMillis() < boundary) {
        long t = T0.toEpochMilli() + c.points().get(i).offsetMillis();
        clock.set(Instant.ofEpochMilli(t));
        exactStore.put(ID, t, c.points().get(i).value(), null, 1);
        earlyStore.put(ID, t, c.points().get(i).value(), null, 1);
        i++;
      }
      clock.set(Instant.ofEpochMilli(boundary));
      exact.evaluate(clock.instant());
      early.evaluate(clock.instant());
      assertThat(early.describe("a").orElseThrow().stateValue()).as("after %s", clock.instant())
          .isEqualTo(exact.describe("a").orElseThrow().stateValue());
      boundary += 10_000;
    }
    assertThat(earlyFired).extracting(AlarmStateChange::newState)
        .containsExactlyElementsOf(exactFired.stream().map(AlarmStateChange::newState).toList());
    for (int k = 0; k < earlyFired.size(); k++) {
      assertThat(earlyFired.get(k).stateChangeTime()).isBeforeOrEqualTo(exactFired.get(k).stateChangeTime());
    }
  }
}
