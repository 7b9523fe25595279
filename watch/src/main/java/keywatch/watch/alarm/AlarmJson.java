package keywatch.watch.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keywatch.watch.error.WatchException;

/**
 * An alarm in the JSON shape of {@code aws cloudwatch describe-alarms} ({@code MetricAlarms[]}
 * members, PascalCase). Reading ignores the state fields AWS prints (StateValue, AlarmArn, ...).
 * keywatch's one extension is {@code KeywatchEarlyDecision} (boolean).
 */
public final class AlarmJson {
  public static final String EARLY_DECISION = "KeywatchEarlyDecision";
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlarmJson() {}

  public static AlarmDefinition fromJson(JsonNode n) {
    if (n.has("Metrics") && !n.has("MetricName")) {
      throw new WatchException(
          "InvalidParameterValue", "Alarm " + n.path("AlarmName").asText() + ": metric math alarms (Metrics) are not supported.");
    }
    if (n.has("ThresholdMetricId")) {
      throw new WatchException(
          "InvalidParameterValue", "Alarm " + n.path("AlarmName").asText() + ": anomaly detection alarms are not supported.");
    }
    Map<String, String> dims = new LinkedHashMap<>();
    for (JsonNode d : n.path("Dimensions")) {
      dims.put(d.path("Name").asText(), d.path("Value").asText());
    }
    return AlarmDefinition.builder()
        .alarmName(text(n, "AlarmName"))
        .alarmDescription(text(n, "AlarmDescription"))
        .actionsEnabled(!n.has("ActionsEnabled") || n.get("ActionsEnabled").asBoolean())
        .okActions(list(n, "OKActions"))
        .alarmActions(list(n, "AlarmActions"))
        .insufficientDataActions(list(n, "InsufficientDataActions"))
        .namespace(text(n, "Namespace"))
        .metricName(text(n, "MetricName"))
        .dimensions(dims)
        .statistic(text(n, "Statistic"))
        .extendedStatistic(text(n, "ExtendedStatistic"))
        .periodSeconds(n.has("Period") ? n.get("Period").asInt() : null)
        .unit(text(n, "Unit"))
        .evaluationPeriods(n.has("EvaluationPeriods") ? n.get("EvaluationPeriods").asInt() : null)
        .datapointsToAlarm(n.has("DatapointsToAlarm") ? n.get("DatapointsToAlarm").asInt() : null)
        .threshold(n.has("Threshold") ? n.get("Threshold").asDouble() : null)
        .comparisonOperator(text(n, "ComparisonOperator"))
        .treatMissingData(text(n, "TreatMissingData"))
        .evaluateLowSampleCountPercentile(text(n, "EvaluateLowSampleCountPercentile"))
        .earlyDecision(n.path(EARLY_DECISION).asBoolean(false))
        .build();
  }

  public static ObjectNode toJson(AlarmDefinition d) {
    ObjectNode n = JSON.createObjectNode();
    n.put("AlarmName", d.alarmName());
    if (d.alarmDescription() != null) {
      n.put("AlarmDescription", d.alarmDescription());
    }
    n.put("ActionsEnabled", d.actionsEnabled());
    n.set("OKActions", JSON.valueToTree(d.okActions()));
    n.set("AlarmActions", JSON.valueToTree(d.alarmActions()));
    n.set("InsufficientDataActions", JSON.valueToTree(d.insufficientDataActions()));
    n.put("MetricName", d.metricName());
    n.put("Namespace", d.namespace());
    if (d.statistic() != null) {
      n.put("Statistic", d.statistic().awsName());
    } else {
      n.put("ExtendedStatistic", d.extendedStatistic().text());
    }
    ArrayNode dims = n.putArray("Dimensions");
    d.dimensions().forEach((k, v) -> dims.addObject().put("Name", k).put("Value", v));
    n.put("Period", d.periodSeconds());
    if (d.unit() != null) {
      n.put("Unit", d.unit());
    }
    n.put("EvaluationPeriods", d.evaluationPeriods());
    n.put("DatapointsToAlarm", d.datapointsToAlarm());
    n.put("Threshold", d.threshold());
    n.put("ComparisonOperator", d.comparisonOperator().name());
    n.put("TreatMissingData", d.treatMissingData().name());
    if (d.evaluateLowSampleCountPercentile() != null) {
      n.put("EvaluateLowSampleCountPercentile", d.evaluateLowSampleCountPercentile());
    }
    if (d.earlyDecision()) {
      n.put(EARLY_DECISION, true);
    }
    return n;
  }

  /** Definition plus state, as describe-alarms prints an alarm. */
  public static ObjectNode toJson(AlarmStatus s) {
    ObjectNode n = toJson(s.definition());
    n.put("AlarmArn", s.alarmArn());
    n.put("AlarmConfigurationUpdatedTimestamp", AlarmEvaluator.DATA_TIME.format(s.alarmConfigurationUpdatedTimestamp()));
    n.put("StateValue", s.stateValue().name());
    n.put("StateReason", s.stateReason());
    if (s.stateReasonData() != null) {
      n.put("StateReasonData", s.stateReasonData());
    }
    n.put("StateUpdatedTimestamp", AlarmEvaluator.DATA_TIME.format(s.stateUpdatedTimestamp()));
    n.put("StateTransitionedTimestamp", AlarmEvaluator.DATA_TIME.format(s.stateTransitionedTimestamp()));
    return n;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> list(JsonNode n, String field) {
    List<String> out = new ArrayList<>();
    n.path(field).forEach(v -> out.add(v.asText()));
    return out;
  }
}
