package keywatch.watch.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import keywatch.watch.alarm.AlarmStateChange;

/**
 * What CloudWatch publishes to SNS for an alarm state change: the subject
 * ({@code ALARM: "<name>" in <region long name>}), the JSON message for machines, and the text
 * email subscribers read; keywatch adds the evidence (the records behind the breach) to both, the
 * JSON under {@code KeywatchEvidence}, which readers of AWS's format ignore.
 */
public final class AlarmMessages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter EMAIL_TIME =
      DateTimeFormatter.ofPattern("EEEE d MMMM, yyyy HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  /** SNS caps subjects at 100 characters. */
  public static final int MAX_SUBJECT = 100;

  private AlarmMessages() {}

  public static String subject(AlarmStateChange c) {
    String region = c.toSnsMessage().path("Region").asText();
    String s = c.newState().name() + ": \"" + c.alarmName() + "\" in " + region;
    return s.length() > MAX_SUBJECT ? s.substring(0, MAX_SUBJECT) : s;
  }

  public static ObjectNode json(AlarmStateChange c, List<EvidenceRecord> evidence) {
    ObjectNode m = c.toSnsMessage();
    if (!evidence.isEmpty()) {
      ArrayNode a = m.putArray("KeywatchEvidence");
      evidence.forEach(e -> a.add(JSON.valueToTree(e)));
    }
    return m;
  }

  /** The protocol-specific messages: JSON by default, readable text for email and chat. */
  public static Map<String, String> messages(AlarmStateChange c, List<EvidenceRecord> evidence) {
    String text = emailText(c, evidence);
    return Map.of("default", json(c, evidence).toString(), "email", text);
  }

  public static String emailText(AlarmStateChange c, List<EvidenceRecord> evidence) {
    ObjectNode m = c.toSnsMessage();
    String region = m.path("Region").asText();
    AlarmStateChange.Trigger t = c.trigger();
    String when = EMAIL_TIME.format(c.stateChangeTime());
    StringBuilder b = new StringBuilder();
    b.append("You are receiving this email because your Amazon CloudWatch Alarm \"").append(c.alarmName())
        .append("\" in the ").append(region).append(" region has entered the ").append(c.newState().name())
        .append(" state, because \"").append(c.newStateReason()).append("\" at \"").append(when).append("\".\n\n");
    b.append("Alarm Details:\n");
    line(b, "Name", c.alarmName());
    line(b, "Description", c.alarmDescription() == null ? "" : c.alarmDescription());
    line(b, "State Change", c.oldState().name() + " -> " + c.newState().name());
    line(b, "Reason for State Change", c.newStateReason());
    line(b, "Timestamp", when);
    line(b, "AWS Account", c.accountId());
    line(b, "Alarm Arn", c.alarmArn());
    b.append("\nThreshold:\n- The alarm is in the ALARM state when the metric is ").append(t.comparisonOperator().name())
        .append(' ').append(t.threshold()).append(" for at least ").append(t.datapointsToAlarm()).append(" of the last ")
        .append(t.evaluationPeriods()).append(" period(s) of ").append(t.periodSeconds()).append(" seconds.\n\n");
    b.append("Monitored Metric:\n");
    line(b, "MetricNamespace", t.namespace());
    line(b, "MetricName", t.metricName());
    line(b, "Dimensions", t.dimensions().isEmpty() ? "" : t.dimensions().toString());
    line(b, "Period", t.periodSeconds() + " seconds");
    line(b, "Statistic", t.statistic());
    line(b, "Unit", t.unit() == null ? "not specified" : t.unit());
    line(b, "TreatMissingData", t.treatMissingData().name().toLowerCase(Locale.ROOT));
    b.append("\nState Change Actions:\n");
    line(b, "OK", c.okActions().toString());
    line(b, "ALARM", c.alarmActions().toString());
    line(b, "INSUFFICIENT_DATA", c.insufficientDataActions().toString());
    if (!evidence.isEmpty()) {
      b.append("\nEvidence (keywatch): the ").append(evidence.size()).append(" record(s) behind this state:\n");
      for (EvidenceRecord e : evidence) {
        b.append("- ").append(e.summary()).append('\n');
      }
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String name, String value) {
    b.append("- ").append(name).append(':').append(" ".repeat(Math.max(1, 28 - name.length()))).append(value).append('\n');
  }
}
