package keywatch.watch.alarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides an alarm's state from the datapoints of its evaluation range, as CloudWatch does.
 *
 * <p>Design note. The evaluation range holds more periods than EvaluationPeriods (N), oldest
 * first. The rules, from AWS's "Configuring how CloudWatch alarms treat missing data":
 *
 * <ol>
 *   <li>At least N real datapoints in the range: the most recent N real ones are evaluated and
 *       treatMissingData plays no part; ALARM when at least M (DatapointsToAlarm) breach.
 *   <li>Fewer: missing points are filled "as few times as possible" while every real point is
 *       included: {@code breaching}/{@code notBreaching} count every real point plus N minus
 *       their number filled points, as in (1).
 *   <li>{@code missing}/{@code ignore} leave fills unknown. They look at the shortest run of
 *       consecutive periods that holds every real point and at least N periods, as late as the
 *       range allows: ALARM if at least M real points
 *       breach; else OK if some real point does not breach; else nothing can be said: the state is
 *       kept. With no real point at all, {@code missing} goes to INSUFFICIENT_DATA and {@code
 *       ignore} keeps the state.
 *   <li>Only for {@code missing}, the "premature transition" rule: ALARM when the oldest breaching
 *       point among the run's last N periods is at least M periods old and everything newer
 *       breaches or is missing.
 * </ol>
 *
 * These reproduce every row of AWS's two documented tables (oracles/alarm-evaluation.json). For a
 * percentile with {@code EvaluateLowSampleCountPercentile = ignore}, a newest datapoint with fewer
 * samples than CloudWatch's significance bound keeps the state.
 */
public final class AlarmEvaluator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

  private AlarmEvaluator() {}

  /**
   * @param range the evaluation range, oldest first, newest the last complete period
   * @param current the alarm's current state (used only to word the reason)
   * @param queryMillis when the evaluation runs, for the reason data
   */
  public static Decision evaluate(AlarmDefinition def, List<EvaluatedPoint> range, AlarmState current, long queryMillis) {
    int n = def.evaluationPeriods();
    int m = def.datapointsToAlarm();
    List<Integer> real = new ArrayList<>();
    for (int i = 0; i < range.size(); i++) {
      if (!range.get(i).isMissing()) {
        real.add(i);
      }
    }
    if (def.extendedStatistic() != null && "ignore".equals(def.evaluateLowSampleCountPercentile()) && !real.isEmpty()) {
      EvaluatedPoint newest = range.get(real.get(real.size() - 1));
      if (newest.sampleCount() < def.extendedStatistic().minimumSignificantSamples()) {
        return Decision.RETAIN;
      }
    }
    if (real.size() >= n) {
      List<EvaluatedPoint> window = new ArrayList<>();
      for (int i = real.size() - n; i < real.size(); i++) {
        window.add(range.get(real.get(i)));
      }
      return countDecision(def, window, 0, current, queryMillis);
    }
    TreatMissingData tmd = def.treatMissingData();
    if (real.isEmpty()) {
      switch (tmd) {
        case ignore:
          return Decision.RETAIN;
        case missing:
          return new Decision(
              AlarmState.INSUFFICIENT_DATA,
              "Insufficient Data: " + n + " datapoint" + (n == 1 ? " was" : "s were") + " unknown.",
              reasonData(def, List.of(), range.get(range.size() - n).timestampMillis(), queryMillis));
        default:
          boolean breach = tmd == TreatMissingData.breaching;
          AlarmState s = breach ? AlarmState.ALARM : AlarmState.OK;
          String reason =
              "Threshold Crossed: no datapoints were received for " + n + " period" + (n == 1 ? "" : "s") + " and " + n
                  + " missing datapoint" + (n == 1 ? " was" : "s were") + " treated as [" + (breach ? "Breaching" : "NonBreaching") + "].";
          return new Decision(s, reason, reasonData(def, List.of(), range.get(range.size() - n).timestampMillis(), queryMillis));
      }
    }
    if (tmd == TreatMissingData.breaching || tmd == TreatMissingData.notBreaching) {
      // Every real point, plus as many filled points as make N.
      List<EvaluatedPoint> realPoints = real.stream().map(range::get).toList();
      int fills = n - realPoints.size();
      return countDecision(def, realPoints, tmd == TreatMissingData.breaching ? fills : -fills, current, queryMillis);
    }
    // The shortest run of periods holding every real point and at least N periods, as late as possible.
    int first = real.get(0);
    int last = real.get(real.size() - 1);
    int start = Math.min(first, range.size() - n);
    int end = Math.max(last, start + n - 1);
    List<EvaluatedPoint> run = range.subList(start, end + 1);
    List<EvaluatedPoint> realPoints = run.stream().filter(p -> !p.isMissing()).toList();
    long breaching = realPoints.stream().filter(p -> breaches(def, p)).count();
    if (breaching >= m) {
      return countDecision(def, realPoints, 0, current, queryMillis);
    }
    if (tmd == TreatMissingData.missing) {
      List<EvaluatedPoint> lastN = run.subList(run.size() - n, run.size());
      int oldest = -1;
      for (int i = 0; i < lastN.size(); i++) {
        if (!lastN.get(i).isMissing() && breaches(def, lastN.get(i))) {
          oldest = i;
          break;
        }
      }
      if (oldest >= 0 && lastN.size() - oldest >= m) {
        boolean rest = true;
        for (int i = oldest + 1; i < lastN.size(); i++) {
          rest &= lastN.get(i).isMissing() || breaches(def, lastN.get(i));
        }
        if (rest) {
          List<EvaluatedPoint> shown = realPoints.stream().filter(p -> breaches(def, p)).toList();
          String reason =
              "Threshold Crossed: " + shown.size() + " datapoint" + (shown.size() == 1 ? "" : "s") + " " + list(shown)
                  + " " + (shown.size() == 1 ? "was" : "were") + " " + def.comparisonOperator().words() + " the threshold ("
                  + def.threshold() + ") and the other datapoints were missing (minimum " + m + " datapoint"
                  + (m == 1 ? "" : "s") + " for " + current + " -> ALARM transition).";
          return new Decision(AlarmState.ALARM, reason, reasonData(def, realPoints, run.get(0).timestampMillis(), queryMillis));
        }
      }
    }
    if (breaching < realPoints.size()) {
      return countDecision(def, realPoints, 0, current, queryMillis);
    }
    return Decision.RETAIN;
  }

  public static boolean breaches(AlarmDefinition def, EvaluatedPoint p) {
    return def.comparisonOperator().breaches(p.value(), def.threshold());
  }

  /**
   * Counts breaching points among {@code points} plus {@code filled} filled points (positive:
   * that many filled as breaching; negative: that many filled as not breaching).
   */
  private static Decision countDecision(
      AlarmDefinition def, List<EvaluatedPoint> points, int filled, AlarmState current, long queryMillis) {
    int m = def.datapointsToAlarm();
    List<EvaluatedPoint> realPoints = points.stream().filter(p -> !p.isMissing()).toList();
    List<EvaluatedPoint> breachingPoints = realPoints.stream().filter(p -> breaches(def, p)).toList();
    List<EvaluatedPoint> okPoints = realPoints.stream().filter(p -> !breaches(def, p)).toList();
    int breaching = breachingPoints.size() + Math.max(filled, 0);
    int total = realPoints.size() + Math.abs(filled);
    boolean alarm = breaching >= m;
    AlarmState next = alarm ? AlarmState.ALARM : AlarmState.OK;
    List<EvaluatedPoint> shown = alarm ? breachingPoints : okPoints;
    int count = alarm ? breaching : total - breaching;
    int minimum = alarm ? m : def.evaluationPeriods() - m + 1;
    StringBuilder r = new StringBuilder("Threshold Crossed: ");
    r.append(count).append(" out of the last ").append(total).append(" datapoints ").append(list(shown));
    r.append(' ').append(count == 1 ? "was" : "were").append(alarm ? " " : " not ").append(def.comparisonOperator().words());
    r.append(" the threshold (").append(def.threshold()).append(')');
    if (filled != 0) {
      int f = Math.abs(filled);
      r.append(" and ").append(f).append(" missing datapoint").append(f == 1 ? " was" : "s were");
      r.append(" treated as [").append(filled > 0 ? "Breaching" : "NonBreaching").append(']');
    }
    r.append(" (minimum ").append(minimum).append(" datapoint").append(minimum == 1 ? "" : "s");
    r.append(" for ").append(current).append(" -> ").append(next).append(" transition).");
    long startMillis = points.isEmpty() ? queryMillis : points.get(0).timestampMillis();
    return new Decision(next, r.toString(), reasonData(def, realPoints, startMillis, queryMillis));
  }

  private static String list(List<EvaluatedPoint> points) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = points.size() - 1; i >= 0; i--) {
      EvaluatedPoint p = points.get(i);
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(p.value()).append(" (").append(REASON_TIME.format(Instant.ofEpochMilli(p.timestampMillis()))).append(')');
    }
    return sb.append(']').toString();
  }

  private static ObjectNode reasonData(AlarmDefinition def, List<EvaluatedPoint> points, long startMillis, long queryMillis) {
    ObjectNode d = JSON.createObjectNode();
    d.put("version", "1.0");
    d.put("queryDate", DATA_TIME.format(Instant.ofEpochMilli(queryMillis)));
    d.put("startDate", DATA_TIME.format(Instant.ofEpochMilli(startMillis)));
    if (def.statistic() != null) {
      d.put("statistic", def.statistic().awsName());
    } else {
      d.put("extendedStatistic", def.extendedStatistic().text());
    }
    d.put("period", def.periodSeconds());
    ArrayNode recent = d.putArray("recentDatapoints");
    points.forEach(p -> recent.add(p.value()));
    d.put("threshold", def.threshold());
    ArrayNode evaluated = d.putArray("evaluatedDatapoints");
    for (int i = points.size() - 1; i >= 0; i--) {
      EvaluatedPoint p = points.get(i);
      ObjectNode e = evaluated.addObject();
      e.put("timestamp", DATA_TIME.format(Instant.ofEpochMilli(p.timestampMillis())));
      e.put("sampleCount", (double) p.sampleCount());
      e.put("value", p.value());
    }
    return d;
  }
}
