package keywatch.watch.alarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One state transition, with everything the CloudWatch-to-SNS alarm message carries;
 * {@link #toSnsMessage()} renders that message's JSON.
 */
public record AlarmStateChange(
    String alarmName,
    String alarmDescription,
    String accountId,
    String region,
    String alarmArn,
    Instant alarmConfigurationUpdatedTimestamp,
    AlarmState oldState,
    AlarmState newState,
    String newStateReason,
    String newStateReasonData,
    Instant stateChangeTime,
    List<String> okActions,
    List<String> alarmActions,
    List<String> insufficientDataActions,
    Trigger trigger) {

  /** The alarm's metric condition at the time of the change. */
  public record Trigger(
      String metricName,
      String namespace,
      String statisticType,
      String statistic,
      String unit,
      Map<String, String> dimensions,
      int periodSeconds,
      int evaluationPeriods,
      int datapointsToAlarm,
      ComparisonOperator comparisonOperator,
      double threshold,
      TreatMissingData treatMissingData,
      String evaluateLowSampleCountPercentile) {}

  /** The long region names CloudWatch's SNS alarm messages carry; other regions keep their code. */
  static final Map<String, String> REGION_NAMES = Map.ofEntries(
      Map.entry("us-east-1", "US East (N. Virginia)"), Map.entry("us-east-2", "US East (Ohio)"),
      Map.entry("us-west-1", "US West (N. California)"), Map.entry("us-west-2", "US West (Oregon)"),
      Map.entry("ca-central-1", "Canada (Central)"), Map.entry("sa-east-1", "South America (Sao Paulo)"),
      Map.entry("eu-west-1", "EU (Ireland)"), Map.entry("eu-west-2", "EU (London)"), Map.entry("eu-west-3", "EU (Paris)"),
      Map.entry("eu-central-1", "EU (Frankfurt)"), Map.entry("eu-north-1", "EU (Stockholm)"),
      Map.entry("ap-south-1", "Asia Pacific (Mumbai)"), Map.entry("ap-southeast-1", "Asia Pacific (Singapore)"),
      Map.entry("ap-southeast-2", "Asia Pacific (Sydney)"), Map.entry("ap-northeast-1", "Asia Pacific (Tokyo)"),
      Map.entry("ap-northeast-2", "Asia Pacific (Seoul)"));

  /** The actions configured for the new state. */
  public List<String> actions() {
    return switch (newState) {
      case OK -> okActions;
      case ALARM -> alarmActions;
      case INSUFFICIENT_DATA -> insufficientDataActions;
    };
  }

  /** The JSON CloudWatch publishes to an SNS topic for this change. */
  public ObjectNode toSnsMessage() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = json.createObjectNode();
    m.put("AlarmName", alarmName);
    m.put("AlarmDescription", alarmDescription);
    m.put("AWSAccountId", accountId);
    m.put("AlarmConfigurationUpdatedTimestamp", AlarmEvaluator.DATA_TIME.format(alarmConfigurationUpdatedTimestamp));
    m.put("NewStateValue", newState.name());
    m.put("NewStateReason", newStateReason);
    m.put("StateChangeTime", AlarmEvaluator.DATA_TIME.format(stateChangeTime));
    m.put("Region", REGION_NAMES.getOrDefault(region, region));
    m.put("AlarmArn", alarmArn);
    m.put("OldStateValue", oldState.name());
    m.set("OKActions", json.valueToTree(okActions));
    m.set("AlarmActions", json.valueToTree(alarmActions));
    m.set("InsufficientDataActions", json.valueToTree(insufficientDataActions));
    ObjectNode t = m.putObject("Trigger");
    t.put("MetricName", trigger.metricName());
    t.put("Namespace", trigger.namespace());
    t.put("StatisticType", trigger.statisticType());
    t.put("Statistic", trigger.statistic());
    t.put("Unit", trigger.unit());
    ArrayNode dims = t.putArray("Dimensions");
    trigger.dimensions().forEach((k, v) -> dims.addObject().put("value", v).put("name", k));
    t.put("Period", trigger.periodSeconds());
    t.put("EvaluationPeriods", trigger.evaluationPeriods());
    t.put("DatapointsToAlarm", trigger.datapointsToAlarm());
    t.put("ComparisonOperator", trigger.comparisonOperator().name());
    t.put("Threshold", trigger.threshold());
    t.put("TreatMissingData", trigger.treatMissingData().name());
    t.put("EvaluateLowSampleCountPercentile", trigger.evaluateLowSampleCountPercentile() == null ? "" : trigger.evaluateLowSampleCountPercentile());
    return m;
  }
}
