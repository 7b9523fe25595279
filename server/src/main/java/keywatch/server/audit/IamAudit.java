package keywatch.server.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import keywatch.iam.admin.IamCallAudit;
import keywatch.iam.admin.IamProtocol;
import keywatch.iam.admin.IamResponse;
import keywatch.iam.authz.Authorizer;
import keywatch.iam.principal.Principal;
import keywatch.iam.principal.Role;
import keywatch.iam.principal.User;
import keywatch.iam.query.QueryXml;
import keywatch.kms.audit.CloudTrailDates;
import keywatch.kms.audit.TrailAuditor;
import keywatch.trail.record.CloudTrailRecord;

/**
 * IAM calls as CloudTrail records, as AWS writes them ({@code eventSource: iam.amazonaws.com},
 * {@code awsRegion: us-east-1}: IAM is global), audited or refused like KMS and STS calls. Mutating
 * actions are recorded inside {@link IamProtocol}'s write lock before they store
 * ({@link IamCallAudit#beforeCommit}); if the append throws, nothing is stored and the caller gets
 * ServiceFailure (500). Reads, denials and failures are recorded before their answer is sent.
 *
 * <p>Request parameters are an allow-list per action, under the lower-camel names AWS records
 * ({@code userName}, {@code policyDocument}, {@code accessKeyId}, ...): a parameter keywatch does not
 * know never enters a record. Response elements are written for the creating actions only, as AWS
 * does ({@code user}, {@code role}, {@code accessKey}), and are null otherwise. The access key's
 * secret never reaches this class ({@link IamCallAudit.NewAccessKey} has none).
 */
public final class IamAudit {
  public static final String IAM_EVENT_SOURCE = "iam.amazonaws.com";
  /** IAM is a global service: AWS records its calls in us-east-1 whatever region was signed for. */
  public static final String IAM_REGION = "us-east-1";

  /** The query parameters each action's record keeps, in AWS's order; any other parameter is left out. */
  private static final Map<String, List<String>> PARAMETERS = Map.ofEntries(
      Map.entry("CreateUser", List.of("UserName", "Path")),
      Map.entry("GetUser", List.of("UserName")),
      Map.entry("ListUsers", List.of("PathPrefix", "Marker", "MaxItems")),
      Map.entry("DeleteUser", List.of("UserName")),
      Map.entry("PutUserPolicy", List.of("UserName", "PolicyName", "PolicyDocument")),
      Map.entry("GetUserPolicy", List.of("UserName", "PolicyName")),
      Map.entry("ListUserPolicies", List.of("UserName", "Marker", "MaxItems")),
      Map.entry("DeleteUserPolicy", List.of("UserName", "PolicyName")),
      Map.entry("CreateRole", List.of("RoleName", "AssumeRolePolicyDocument", "Path", "Description", "MaxSessionDuration")),
      Map.entry("GetRole", List.of("RoleName")),
      Map.entry("ListRoles", List.of("PathPrefix", "Marker", "MaxItems")),
      Map.entry("DeleteRole", List.of("RoleName")),
      Map.entry("UpdateAssumeRolePolicy", List.of("RoleName", "PolicyDocument")),
      Map.entry("PutRolePolicy", List.of("RoleName", "PolicyName", "PolicyDocument")),
      Map.entry("GetRolePolicy", List.of("RoleName", "PolicyName")),
      Map.entry("ListRolePolicies", List.of("RoleName", "Marker", "MaxItems")),
      Map.entry("DeleteRolePolicy", List.of("RoleName", "PolicyName")),
      Map.entry("CreateAccessKey", List.of("UserName")),
      Map.entry("ListAccessKeys", List.of("UserName", "Marker", "MaxItems")),
      Map.entry("UpdateAccessKey", List.of("AccessKeyId", "Status", "UserName")),
      Map.entry("DeleteAccessKey", List.of("AccessKeyId", "UserName")));
  /** Parameters AWS records as JSON numbers. */
  private static final List<String> NUMBERS = List.of("MaxItems", "MaxSessionDuration");

  private final TrailAuditor.RecordSink sink;
  private final Clock clock;

  public IamAudit(TrailAuditor.RecordSink sink, Clock clock) {
    this.sink = sink;
    this.clock = clock;
  }

  /**
   * One IAM call, recorded by {@code audit} (null: unrecorded, the unsafe no-trail mode) or refused.
   * The endpoint and keywatch's own responses both call IAM through here.
   *
   * @param signedRegion the region the caller signed for (policy conditions see it; the record says us-east-1)
   */
  public static IamResponse handle(IamAudit audit, IamProtocol iam, Map<String, String> params, Principal caller,
      String accessKeyId, String sourceIp, String userAgent, String signedRegion) {
    IamCallAudit call = audit == null ? IamCallAudit.NONE : audit.begin(params, caller, accessKeyId, sourceIp, userAgent);
    return iam.handle(params, caller, new Authorizer.Call(sourceIp, signedRegion, Map.of()), call);
  }

  /** The recorder of one call, its event time taken now. */
  public IamCallAudit begin(Map<String, String> params, Principal caller, String accessKeyId, String sourceIp,
      String userAgent) {
    Instant eventTime = clock.instant();
    return new IamCallAudit() {
      @Override
      public void beforeCommit(String requestId, String action, Created created) {
        sink.append(record(params, caller, accessKeyId, sourceIp, userAgent, eventTime, requestId, action, null, null,
            created));
      }

      @Override
      public void completed(IamResponse r) {
        sink.append(record(params, caller, accessKeyId, sourceIp, userAgent, eventTime, r.requestId(),
            r.action() != null ? r.action() : params.get("Action"), r.errorCode(), r.errorMessage(), null));
      }
    };
  }

  ObjectNode record(Map<String, String> params, Principal caller, String accessKeyId, String sourceIp, String userAgent,
      Instant eventTime, String requestId, String action, String errorCode, String errorMessage,
      IamCallAudit.Created created) {
    CloudTrailRecord.Builder b = QueryCallRecords.begin(caller, accessKeyId, eventTime, IAM_EVENT_SOURCE, action,
        IAM_REGION, sourceIp, userAgent, errorCode, errorMessage);
    b.requestParameters(requestParameters(action, params));
    b.responseElements(errorCode == null ? responseElements(created) : null);
    b.requestId(requestId).readOnly(action != null && (action.startsWith("Get") || action.startsWith("List")));
    return QueryCallRecords.finish(b, caller);
  }

  /** The allow-listed parameters the call sent, lower-camel; null when it sent none (as AWS writes it). */
  static ObjectNode requestParameters(String action, Map<String, String> params) {
    List<String> names = action == null ? null : PARAMETERS.get(action);
    if (names == null) {
      return null;
    }
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    for (String name : names) {
      String v = params.get(name);
      if (v == null) {
        continue;
      }
      String member = Character.toLowerCase(name.charAt(0)) + name.substring(1);
      if (NUMBERS.contains(name) && v.matches("\\d{1,9}")) {
        p.put(member, Integer.parseInt(v));
      } else {
        p.put(member, v);
      }
    }
    return p.isEmpty() ? null : p;
  }

  /** What AWS records of a new user, role or access key; null for every other call. */
  static ObjectNode responseElements(IamCallAudit.Created created) {
    if (created == null) {
      return null;
    }
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    if (created instanceof IamCallAudit.NewUser n) {
      User u = n.user();
      ObjectNode user = r.putObject("user");
      user.put("path", "/");
      user.put("userName", u.userName());
      user.put("userId", u.userId());
      user.put("arn", u.arn());
      user.put("createDate", CloudTrailDates.of(u.createDate()));
    } else if (created instanceof IamCallAudit.NewRole n) {
      Role role = n.role();
      ObjectNode o = r.putObject("role");
      o.put("path", "/");
      o.put("roleName", role.roleName());
      o.put("roleId", role.roleId());
      o.put("arn", role.arn());
      o.put("createDate", CloudTrailDates.of(role.createDate()));
      // Percent-encoded, as IAM answers it and as AWS's CreateRole record shows it.
      o.put("assumeRolePolicyDocument", QueryXml.percentEncode(role.trustPolicy()));
    } else if (created instanceof IamCallAudit.NewAccessKey k) {
      ObjectNode key = r.putObject("accessKey");
      key.put("accessKeyId", k.accessKeyId());
      key.put("status", k.active() ? "Active" : "Inactive");
      if (k.userName() != null) {
        key.put("userName", k.userName());
      }
      key.put("createDate", CloudTrailDates.of(k.createDate()));
    }
    return r;
  }
}
