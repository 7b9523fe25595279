package keywatch.server.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.regex.Pattern;
import keywatch.iam.principal.Principal;
import keywatch.kms.audit.CallerIdentity;
import keywatch.trail.record.CloudTrailRecord;

/**
 * What the records of STS and IAM calls (both AWS query protocol, both answered by keywatch's
 * endpoint) share: who called, when, from where and with which outcome, and the management-event
 * trailer. Each audit adds its own request parameters and response elements in between.
 */
final class QueryCallRecords {
  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9]{1,64}");

  private QueryCallRecords() {}

  /** The call: identity, time, source, name, region, client, and the error if it failed. */
  static CloudTrailRecord.Builder begin(Principal caller, String accessKeyId, Instant eventTime, String eventSource,
      String action, String region, String sourceIp, String userAgent, String errorCode, String errorMessage) {
    CloudTrailRecord.Builder b = CloudTrailRecord.builder()
        .userIdentity(CallerIdentity.of(caller, accessKeyId))
        .eventTime(eventTime)
        .eventSource(eventSource)
        .eventName(eventName(action))
        .awsRegion(region)
        .sourceIpAddress(sourceIp)
        .userAgent(userAgent);
    if (errorCode != null) {
      b.error(errorCode, errorMessage);
    }
    return b;
  }

  /** A management API call in the caller's account. */
  static ObjectNode finish(CloudTrailRecord.Builder b, Principal caller) {
    return b.eventType("AwsApiCall").managementEvent(true).recipientAccountId(caller.accountId())
        .eventCategory("Management").build();
  }

  /** The action as sent if it looks like one, so that no arbitrary text becomes an event name. */
  static String eventName(String action) {
    return action != null && ACTION.matcher(action).matches() ? action : "UnknownOperation";
  }
}
