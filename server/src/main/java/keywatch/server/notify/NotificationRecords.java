package keywatch.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import keywatch.watch.action.Notification;
import keywatch.watch.alarm.AlarmStateChange;

/**
 * The CloudTrail record of an alarm notification: SNS Publish invoked by the CloudWatch service
 * ({@code userIdentity.type = "AWSService"}), with the alarm that caused it in
 * {@code additionalEventData}. What {@code Trail.append} takes once the trail is wired into the
 * server: {@code actions.alarmActions().onPublished((c, n) -> trail.append(NotificationRecords.publish(c, n)))}.
 */
public final class NotificationRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NotificationRecords() {}

  public static ObjectNode publish(AlarmStateChange change, Notification n) {
    ObjectNode r = JSON.createObjectNode();
    r.put("eventVersion", "1.08");
    ObjectNode id = r.putObject("userIdentity");
    id.put("type", "AWSService");
    id.put("invokedBy", "cloudwatch.amazonaws.com");
    r.put("eventTime", DateTimeFormatter.ISO_INSTANT.format(n.timestamp().truncatedTo(ChronoUnit.SECONDS)));
    r.put("eventSource", "sns.amazonaws.com");
    r.put("eventName", "Publish");
    r.put("awsRegion", change.region());
    r.put("sourceIPAddress", "cloudwatch.amazonaws.com");
    r.put("userAgent", "cloudwatch.amazonaws.com");
    ObjectNode req = r.putObject("requestParameters");
    req.put("topicArn", n.topicArn());
    req.put("subject", n.subject());
    r.putObject("responseElements").put("messageId", n.messageId());
    ObjectNode extra = r.putObject("additionalEventData");
    extra.put("alarmName", change.alarmName());
    extra.put("alarmArn", change.alarmArn());
    extra.put("newStateValue", change.newState().name());
    extra.put("oldStateValue", change.oldState().name());
    r.put("requestID", UUID.randomUUID().toString());
    r.put("eventID", UUID.randomUUID().toString());
    r.put("readOnly", false);
    r.putArray("resources").addObject().put("accountId", change.accountId()).put("type", "AWS::SNS::Topic").put("ARN", n.topicArn());
    r.put("eventType", "AwsApiCall");
    r.put("managementEvent", true);
    r.put("recipientAccountId", change.accountId());
    r.put("eventCategory", "Management");
    return r;
  }
}
