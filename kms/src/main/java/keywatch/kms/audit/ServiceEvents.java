package keywatch.kms.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import keywatch.kms.key.AccountRegion;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.ServiceEventAudit;
import keywatch.trail.record.CloudTrailRecord;
import keywatch.trail.record.UserIdentity;

/**
 * The CloudTrail records of keywatch's time-driven key changes, as AWS KMS writes them (KMS
 * Developer Guide, "DeleteKey" and "RotateKey" CloudTrail examples; CloudTrail User Guide, "AWS
 * service events"):
 *
 * <pre>
 * userIdentity {"accountId", "invokedBy": "AWS Internal"}, sourceIPAddress and userAgent "AWS Internal",
 * requestParameters null, responseElements null, no requestID, readOnly false, resources [the key],
 * eventType "AwsServiceEvent", managementEvent true, eventCategory "Management";
 * RotateKey also serviceEventDetails {"rotationType": "AUTOMATIC", "keyId": "&lt;key id&gt;"}.
 * </pre>
 *
 * <p>"AWS Internal" is kept verbatim rather than replaced by a keywatch name, so filters and
 * queries written for AWS's records (e.g. {@code $.userIdentity.invokedBy = "AWS Internal"}) match
 * keywatch's unchanged. Each record is appended to {@code sink} (the trail) before the change is
 * written; see {@link ServiceEventAudit} for the rule and {@link TrailAuditor} for the guard.
 */
public final class ServiceEvents implements ServiceEventAudit {
  /** What AWS writes as the invoker, source address and user agent of KMS's own events. */
  public static final String AWS_INTERNAL = "AWS Internal";
  public static final String SERVICE_EVENT = "AwsServiceEvent";

  private final TrailAuditor.RecordSink sink;
  private final AccountRegion accountRegion;
  private final Clock clock;

  public ServiceEvents(TrailAuditor.RecordSink sink, AccountRegion accountRegion, Clock clock) {
    this.sink = sink;
    this.accountRegion = accountRegion;
    this.clock = clock;
  }

  @Override
  public void keyDeleted(KmsKey key) {
    sink.append(deleteKey(key)); // throws: the deletion is not written
  }

  @Override
  public void keyRotated(KmsKey rotated) {
    sink.append(rotateKey(rotated)); // throws: the rotation is not written
  }

  /** The DeleteKey service event for {@code key}, deleted now. */
  public ObjectNode deleteKey(KmsKey key) {
    return base("DeleteKey", key).build();
  }

  /** The RotateKey service event for one automatic rotation of {@code key}, now. */
  public ObjectNode rotateKey(KmsKey key) {
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.put("rotationType", "AUTOMATIC");
    details.put("keyId", key.keyId()); // the bare key id, as in AWS's example (resources carry the ARN)
    return base("RotateKey", key).serviceEventDetails(details).build();
  }

  private CloudTrailRecord.Builder base(String eventName, KmsKey key) {
    return CloudTrailRecord.builder()
        .userIdentity(UserIdentity.serviceInternal(accountRegion.accountId(), AWS_INTERNAL))
        .eventTime(clock.instant())
        .eventSource(CloudTrailRecord.KMS_EVENT_SOURCE)
        .eventName(eventName)
        .awsRegion(accountRegion.region())
        .sourceIpAddress(AWS_INTERNAL)
        .userAgent(AWS_INTERNAL)
        .requestParameters(null)
        .responseElements(null)
        .withoutRequestId()
        .readOnly(false)
        .kmsKeyResource(key.arn())
        .eventType(SERVICE_EVENT)
        .managementEvent(true)
        .recipientAccountId(accountRegion.accountId())
        .eventCategory("Management");
  }
}
