package keywatch.server.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import keywatch.iam.principal.Principal;
import keywatch.iam.sts.StsException;
import keywatch.iam.sts.StsProtocol;
import keywatch.iam.sts.StsResponse;
import keywatch.kms.audit.CloudTrailDates;
import keywatch.kms.audit.TrailAuditor;
import keywatch.trail.record.CloudTrailRecord;

/**
 * STS calls as CloudTrail records ({@code eventSource: sts.amazonaws.com}), audited or refused like
 * KMS calls: the record is appended before the answer is sent, and if it cannot be, the caller gets
 * InternalFailure (500) instead. An AssumeRole refused that way has stored a session whose
 * credentials nobody ever received; it expires unused.
 *
 * <p>AssumeRole's record holds {@code roleArn}, {@code roleSessionName} and {@code durationSeconds}
 * as request parameters, and the credentials' {@code accessKeyId} and {@code expiration} with the
 * {@code assumedRoleUser} as response elements: never the secret access key or the session token
 * (AWS's own records carry the session token; keywatch's do not).
 */
public final class StsAudit {
  public static final String STS_EVENT_SOURCE = "sts.amazonaws.com";

  private final TrailAuditor.RecordSink sink;
  private final String region;
  private final Clock clock;

  public StsAudit(TrailAuditor.RecordSink sink, String region, Clock clock) {
    this.sink = sink;
    this.region = region;
    this.clock = clock;
  }

  /** Records the call and returns {@code response}, or an InternalFailure if it could not be recorded. */
  public StsResponse recordOrRefuse(Map<String, String> params, Principal caller, String accessKeyId, String sourceIp,
      String userAgent, Instant eventTime, StsResponse response) {
    try {
      sink.append(record(params, caller, accessKeyId, sourceIp, userAgent, eventTime, response));
      return response;
    } catch (RuntimeException e) {
      return StsProtocol.error(new StsException("InternalFailure", 500, "An internal error occurred."),
          response.requestId(), response.action());
    }
  }

  public Instant now() {
    return clock.instant();
  }

  ObjectNode record(Map<String, String> params, Principal caller, String accessKeyId, String sourceIp,
      String userAgent, Instant eventTime, StsResponse r) {
    String action = params.getOrDefault("Action", "");
    boolean assumeRole = "AssumeRole".equals(action);
    CloudTrailRecord.Builder b = QueryCallRecords.begin(caller, accessKeyId, eventTime, STS_EVENT_SOURCE, action, region,
        sourceIp, userAgent, r.errorCode(), r.errorMessage());
    ObjectNode request = null;
    if (assumeRole) {
      request = JsonNodeFactory.instance.objectNode();
      putIfPresent(request, "roleArn", params.get("RoleArn"));
      putIfPresent(request, "roleSessionName", params.get("RoleSessionName"));
      String duration = params.get("DurationSeconds");
      if (duration != null && duration.matches("\\d{1,9}")) {
        request.put("durationSeconds", Integer.parseInt(duration));
      }
    }
    b.requestParameters(request);
    if (assumeRole && r.errorCode() == null) {
      String body = new String(r.body(), StandardCharsets.UTF_8);
      ObjectNode response = JsonNodeFactory.instance.objectNode();
      ObjectNode credentials = response.putObject("credentials");
      credentials.put("accessKeyId", r.sessionAccessKeyId());
      String expiration = element(body, "Expiration");
      credentials.put("expiration", expiration == null ? null : CloudTrailDates.of(Instant.parse(expiration)));
      ObjectNode user = response.putObject("assumedRoleUser");
      user.put("assumedRoleId", element(body, "AssumedRoleId"));
      user.put("arn", element(body, "Arn"));
      b.responseElements(response);
    } else {
      b.responseElements(null);
    }
    b.requestId(r.requestId()).readOnly(true);
    if (assumeRole && r.roleArn() != null) {
      String[] parts = r.roleArn().split(":", 6);
      b.resource(new CloudTrailRecord.Resource(parts.length > 4 ? parts[4] : null, "AWS::IAM::Role", r.roleArn()));
    }
    return QueryCallRecords.finish(b, caller);
  }

  private static void putIfPresent(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }

  /** One non-secret element of the XML answer, by name (AssumedRoleId, Arn, Expiration). */
  private static String element(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    return m.find() ? m.group(1) : null;
  }
}
