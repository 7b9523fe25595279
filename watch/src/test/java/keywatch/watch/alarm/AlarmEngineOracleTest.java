package keywatch.watch.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import keywatch.watch.metric.MetricId;
import keywatch.watch.metric.MetricStore;
import keywatch.watch.testing.MutableClock;
import keywatch.watch.testing.Oracles;
import org.junit.jupiter.api.Test;

/**
 * The same documented tables, end to end: values go into the metric store at each period's time,
 * the engine evaluates at the end of the fifth period. RETAIN rows start from OK and from ALARM
 * (set with SetAlarmState) and must keep them.
 */
class AlarmEngineOracleTest {
  static final long P = 60_000;
  static final long T0 = 1_700_000_040_000L;
  static final MetricId METRIC = MetricId.of("NS", "M");

  @Test
  void documentedTablesThroughTheEngine() throws Exception {
    JsonNode oracle = new ObjectMapper().readTree(Oracles.file("alarm-evaluation.json").toFile());
    List<String> failures = new ArrayList<>();
    for (JsonNode table : oracle.get("tables")) {
      int m = table.get("datapointsToAlarm").asInt();
      int n = table.get("evaluationPeriods").asInt();
      for (JsonNode row : table.get("rows")) {
        String[] points = row.get("points").asText().split("\\s+");
        for (TreatMissingData tmd : TreatMissingData.values()) {
          String expected = row.get(tmd.name()).asText();
          for (AlarmState start : List.of(AlarmState.OK, AlarmState.ALARM)) {
            MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
            MetricStore store = new MetricStore();
            Alarms alarms = new Alarms(store, AlarmRepository.inMemory(), AlarmActions.NONE, clock, Alarms.Account.DEFAULT);
            alarms.put(AlarmEvaluationOracleTest.definition(n, m, tmd));
            alarms.setAlarmState("oracle", start, "test start");
            for (int i = 0; i < points.length; i++) {
              long t = T0 + i * P + 1_000;
              switch (points[i]) {
                case "X" -> store.put(METRIC, t, 5, null, 60);
                case "0" -> store.put(METRIC, t, 0, null, 60);
                default -> {}
              }
            }
            Instant now = Instant.ofEpochMilli(T0 + 5 * P + 5_000);
            clock.set(now);
            alarms.evaluate(now);
            AlarmState got = alarms.describe("oracle").orElseThrow().stateValue();
            String want = expected.equals("RETAIN") ? start.name() : expected;
            if (!got.name().equals(want)) {
              failures.add("M=" + m + " N=" + n + " [" + row.get("points").asText() + "] " + tmd + " from " + start
                  + ": expected " + expected + ", got " + got);
            }
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }
}
