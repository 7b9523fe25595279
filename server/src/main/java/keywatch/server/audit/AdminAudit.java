package keywatch.server.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import keywatch.iam.principal.Principal;
import keywatch.kms.audit.CallerIdentity;
import keywatch.kms.audit.TrailAuditor;
import keywatch.trail.record.CloudTrailRecord;

/**
 * Calls of keywatch's admin API ({@code keywatch respond ...}, {@code keywatch notify status}) as
 * CloudTrail records with {@code eventSource: keywatch.amazonaws.com} (the form AWS gives a
 * service's records; the SigV4 service name is "keywatch"), allowed or refused, so the trail says
 * who approved or undid a response. The KMS calls the response then makes are recorded by KMS's
 * own audit, as keywatch-responder. Unsigned requests are not recorded, as for KMS and STS.
 */
public final class AdminAudit {
  public static final String EVENT_SOURCE = "keywatch.amazonaws.com";

  private final TrailAuditor.RecordSink sink;
  private final String region;
  private final Clock clock;

  public AdminAudit(TrailAuditor.RecordSink sink, String region, Clock clock) {
    this.sink = sink;
    this.region = region;
    this.clock = clock;
  }

  /** One admin call: who, which action, its request identifiers, and its error if it failed. */
  public record Call(Principal caller, String accessKeyId, String sourceIp, String userAgent, Instant eventTime,
      String action, ObjectNode requestParameters, boolean readOnly, String requestId, String errorCode, String errorMessage) {}

  public Instant now() {
    return clock.instant();
  }

  /** Appends the record; throws if the trail cannot take it (the caller then answers InternalFailure). */
  public void record(Call c) {
    CloudTrailRecord.Builder b = CloudTrailRecord.builder()
        .userIdentity(CallerIdentity.of(c.caller(), c.accessKeyId()))
        .eventTime(c.eventTime())
        .eventSource(EVENT_SOURCE)
        .eventName(c.action())
        .awsRegion(region)
        .sourceIpAddress(c.sourceIp())
        .userAgent(c.userAgent());
    if (c.errorCode() != null) {
      b.error(c.errorCode(), c.errorMessage());
    }
    b.requestParameters(c.requestParameters()).responseElements(null).requestId(c.requestId()).readOnly(c.readOnly());
    sink.append(b.eventType("AwsApiCall").managementEvent(true).recipientAccountId(c.caller().accountId())
        .eventCategory("Management").build());
  }
}
