package keywatch.watch.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import keywatch.watch.testing.Oracles;
import org.junit.jupiter.api.Test;

/**
 * AWS's documented evaluation tables ("Configuring how CloudWatch alarms treat missing data",
 * CloudWatch user guide), row by row and for every treatMissingData value, from
 * ../shared/oracles/alarm-evaluation.json. Each point is one period: '0' not breaching, 'X'
 * breaching, '-' missing; the range is the row's five periods. RETAIN is checked from every
 * starting state.
 */
class AlarmEvaluationOracleTest {
  static final long PERIOD_MS = 60_000;
  static final long START = 1_700_000_040_000L; // a minute boundary

  @Test
  void everyDocumentedRowForEveryTreatMissingData() throws Exception {
    JsonNode oracle = new ObjectMapper().readTree(Oracles.file("alarm-evaluation.json").toFile());
    assertThat(oracle.path("about").asText()).contains("oldest first");
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (JsonNode table : oracle.get("tables")) {
      int m = table.get("datapointsToAlarm").asInt();
      int n = table.get("evaluationPeriods").asInt();
      for (JsonNode row : table.get("rows")) {
        String points = row.get("points").asText();
        for (TreatMissingData tmd : TreatMissingData.values()) {
          String expected = row.get(tmd.name()).asText();
          AlarmDefinition def = definition(n, m, tmd);
          for (AlarmState current : AlarmState.values()) {
            Decision d = AlarmEvaluator.evaluate(def, range(points), current, START + 10 * PERIOD_MS);
            String got = d.retains() ? "RETAIN" : d.state().name();
            checked++;
            if (!got.equals(expected)) {
              failures.add("M=" + m + " N=" + n + " [" + points + "] " + tmd + " from " + current + ": expected " + expected + ", got " + got);
            }
          }
        }
      }
    }
    assertThat(checked).isEqualTo(10 * 4 * 3);
    assertThat(failures).isEmpty();
  }

  static AlarmDefinition definition(int n, int m, TreatMissingData tmd) {
    return AlarmDefinition.builder()
        .alarmName("oracle").namespace("NS").metricName("M").statistic("Sum").periodSeconds(60)
        .evaluationPeriods(n).datapointsToAlarm(m).threshold(1.0).comparisonOperator("GreaterThanThreshold")
        .treatMissingData(tmd.name()).build();
  }

  static List<EvaluatedPoint> range(String points) {
    String[] p = points.trim().split("\\s+");
    List<EvaluatedPoint> out = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      long t = START + i * PERIOD_MS;
      out.add(switch (p[i]) {
        case "-" -> EvaluatedPoint.missing(t);
        case "X" -> new EvaluatedPoint(t, 5.0, 5);
        case "0" -> new EvaluatedPoint(t, 0.0, 1);
        default -> throw new IllegalArgumentException(p[i]);
      });
    }
    return out;
  }
}
