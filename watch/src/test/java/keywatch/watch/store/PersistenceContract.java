package keywatch.watch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import keywatch.watch.alarm.AlarmDefinition;
import keywatch.watch.alarm.AlarmHistoryItem;
import keywatch.watch.alarm.AlarmState;
import keywatch.watch.alarm.AlarmStateChange;
import keywatch.watch.alarm.AlarmStatus;
import keywatch.watch.alarm.Alarms;
import keywatch.watch.metric.MetricFilters;
import keywatch.watch.metric.MetricId;
import keywatch.watch.metric.MetricTransformation;
import keywatch.watch.metric.MetricStore;
import keywatch.watch.testing.MutableClock;

/** What every database must do: metric filters, metrics, alarm state and history survive a restart. */
final class PersistenceContract {
  static final MetricId METRIC = MetricId.of("Pattern1Application/KMSSecurity", "KMSSecurityError");
  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private PersistenceContract() {}

  static AlarmDefinition lab() {
    return AlarmDefinition.builder()
        .alarmName("Pattern1ApplicationKMSSecurityAlarm").namespace(METRIC.namespace()).metricName(METRIC.metricName())
        .statistic("Sum").periodSeconds(10).evaluationPeriods(1).threshold(1.0).comparisonOperator("GreaterThanThreshold")
        .treatMissingData("ignore").alarmActions(List.of("arn:aws:sns:us-east-1:111122223333:pattern1-logging-topic")).build();
  }

  static void stateAndHistorySurviveARestart(DataSource ds) throws Exception {
    // Another module's table already in the schema: the watch migrations must still apply.
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE kms_key_stub (id VARCHAR(64) PRIMARY KEY)");
    }
    WatchSchema.migrate(ds);

    MutableClock clock = new MutableClock(T0);
    List<AlarmStateChange> fired = new ArrayList<>();
    MetricStore store = new MetricStore(new JdbcMetricRepository(ds), MetricStore.Retention.DEFAULT);
    MetricFilters filters = new MetricFilters(store, new JdbcMetricFilterRepository(ds));
    filters.put("g", "errors", "{ $.errorCode = \"*\" }",
        List.of(new MetricTransformation("Errors", "NS", "1", 0.0, java.util.Map.of(), "Count")), T0.toEpochMilli());
    filters.put("g", "latency", "{ $.eventSource = \"kms.amazonaws.com\" }",
        List.of(new MetricTransformation("Latency", "NS", "$.latencyMs", null, java.util.Map.of("Op", "$.eventName"), "Milliseconds")), T0.toEpochMilli());
    filters.put("g", "gone", "", List.of(new MetricTransformation("X", "NS", "1")), T0.toEpochMilli());
    filters.delete("g", "gone");
    Alarms alarms = new Alarms(store, new JdbcAlarmRepository(ds), fired::add, clock, Alarms.Account.DEFAULT);
    alarms.put(lab());
    store.put(METRIC, T0.plusSeconds(1).toEpochMilli(), 1, "Count", 1);
    store.put(METRIC, T0.plusSeconds(2).toEpochMilli(), 1, "Count", 1);
    store.put(METRIC, T0.plusSeconds(2).toEpochMilli(), 1, "Count", 1);
    store.put(METRIC, T0.plusSeconds(75).toEpochMilli(), 4, "Count", 1);
    clock.set(T0.plusSeconds(10));
    alarms.evaluate(clock.instant());
    store.flush();
    assertThat(fired).hasSize(1);
    AlarmStatus before = alarms.describe("Pattern1ApplicationKMSSecurityAlarm").orElseThrow();

    // A second process on the same database.
    WatchSchema.migrate(ds);
    List<AlarmStateChange> firedAfter = new ArrayList<>();
    MetricStore store2 = new MetricStore(new JdbcMetricRepository(ds), MetricStore.Retention.DEFAULT);
    Alarms alarms2 = new Alarms(store2, new JdbcAlarmRepository(ds), firedAfter::add, clock, Alarms.Account.DEFAULT);
    MetricFilters filters2 = new MetricFilters(store2, new JdbcMetricFilterRepository(ds));
    assertThat(filters2.describe("g")).extracting(f -> f.filterName() + " " + f.filterPattern() + " " + f.metricTransformations())
        .containsExactlyElementsOf(filters.describe("g").stream()
            .map(f -> f.filterName() + " " + f.filterPattern() + " " + f.metricTransformations()).toList());
    AlarmStatus after = alarms2.describe("Pattern1ApplicationKMSSecurityAlarm").orElseThrow();
    assertThat(after).isEqualTo(before);
    assertThat(after.stateValue()).isEqualTo(AlarmState.ALARM);
    assertThat(alarms2.history("Pattern1ApplicationKMSSecurityAlarm"))
        .extracting(AlarmHistoryItem::historySummary)
        .containsExactly("Alarm \"Pattern1ApplicationKMSSecurityAlarm\" created", "Alarm updated from INSUFFICIENT_DATA to ALARM");
    var agg = store2.aggregate(METRIC, T0.toEpochMilli(), T0.plusSeconds(10).toEpochMilli()).orElseThrow();
    assertThat(agg.sum()).isEqualTo(3.0);
    assertThat(agg.sampleCount()).isEqualTo(3);
    assertThat(store2.unit(METRIC)).contains("Count");

    // Still in ALARM: re-evaluating after the restart fires nothing.
    clock.set(T0.plusSeconds(20));
    alarms2.evaluate(clock.instant());
    assertThat(firedAfter).isEmpty();
    // The 4.0 at 10:01:15 is still there, and new data adds to it.
    store2.put(METRIC, T0.plusSeconds(76).toEpochMilli(), 1, "Count", 1);
    store2.flush();
    MetricStore store3 = new MetricStore(new JdbcMetricRepository(ds), MetricStore.Retention.DEFAULT);
    assertThat(store3.aggregate(METRIC, T0.plusSeconds(70).toEpochMilli(), T0.plusSeconds(80).toEpochMilli()).orElseThrow().sum())
        .isEqualTo(5.0);

    // Retention: after 3 hours the 1 s buckets roll up into 60 s buckets, in the database too.
    store3.purge(T0.plusSeconds(4 * 3600).toEpochMilli());
    store3.flush();
    MetricStore store4 = new MetricStore(new JdbcMetricRepository(ds), MetricStore.Retention.DEFAULT);
    var minute = store4.aggregate(METRIC, T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli()).orElseThrow();
    assertThat(minute.sum()).isEqualTo(3.0);
    assertThat(store4.datapoints(METRIC, 60, T0.toEpochMilli(), T0.plusSeconds(120).toEpochMilli()))
        .extracting(d -> d.aggregate().sum())
        .containsExactly(3.0, 5.0);
  }
}
