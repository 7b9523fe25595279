package keywatch.iam.sts;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import keywatch.iam.authz.Authorizer;
import keywatch.iam.policy.Decision;
import keywatch.iam.policy.Evaluation;
import keywatch.iam.policy.PolicyKind;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Principal;
import keywatch.iam.principal.Role;
import keywatch.iam.principal.RoleSession;
import keywatch.iam.query.QueryXml;

/**
 * STS on AWS's query protocol (form-encoded {@code Action=...&Version=2011-06-15}, XML answers):
 * AssumeRole, which the SDKs' role credential providers and the CLI's role profiles call, and
 * GetCallerIdentity. A role's trust policy decides who may assume it; the temporary credentials
 * act as {@code arn:aws:sts::<account>:assumed-role/<role>/<session>} until they expire.
 */
public final class StsProtocol {
  public static final String VERSION = "2011-06-15";
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,64})");

  private final IdentityStore identities;
  private final Authorizer authorizer;
  private final Ids ids;
  private final Clock clock;

  public StsProtocol(IdentityStore identities, Authorizer authorizer, Ids ids, Clock clock) {
    this.identities = identities;
    this.authorizer = authorizer;
    this.ids = ids;
    this.clock = clock;
  }

  /** Parses an {@code application/x-www-form-urlencoded} body (or query string). */
  public static Map<String, String> form(String encoded) {
    Map<String, String> out = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw StsException.validation("Malformed form-encoded request");
      }
    }
    return out;
  }

  public StsResponse handle(Map<String, String> params, Principal caller, Authorizer.Call call) {
    String requestId = UUID.randomUUID().toString();
    String action = params.get("Action");
    try {
      if (action == null) {
        throw new StsException("MissingAction", 400, "Missing Action");
      }
      return switch (action) {
        case "AssumeRole" -> assumeRole(params, caller, call, requestId);
        case "GetCallerIdentity" -> ok(requestId, action, new QueryXml(QueryXml.STS_NAMESPACE)
            .openNs("GetCallerIdentityResponse").open("GetCallerIdentityResult")
            .element("Arn", caller.arn()).element("UserId", caller.principalId()).element("Account", caller.accountId())
            .close("GetCallerIdentityResult").open("ResponseMetadata").element("RequestId", requestId)
            .close("ResponseMetadata").close("GetCallerIdentityResponse"), null, null);
        default -> throw new StsException("InvalidAction", 400, "Could not find operation " + action + " for version " + VERSION);
      };
    } catch (StsException e) {
      return error(e, requestId, action);
    }
  }

  private StsResponse assumeRole(Map<String, String> p, Principal caller, Authorizer.Call call, String requestId) {
    String roleArn = p.get("RoleArn");
    String sessionName = p.get("RoleSessionName");
    if (roleArn == null) {
      throw StsException.validation("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    }
    if (sessionName == null) {
      throw StsException.validation("1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
    }
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw StsException.validation("1 validation error detected: Value '" + sessionName
          + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
    }
    var m = ROLE_ARN.matcher(roleArn);
    if (!m.matches()) {
      throw StsException.validation(roleArn + " is invalid");
    }
    Role role = identities.role(m.group(1), m.group(2)).orElse(null);
    String denied = "User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn;
    if (role == null) {
      throw StsException.accessDenied(denied);
    }
    int duration = 3600;
    if (p.containsKey("DurationSeconds")) {
      try {
        duration = Integer.parseInt(p.get("DurationSeconds"));
      } catch (NumberFormatException e) {
        throw StsException.validation("DurationSeconds must be a number");
      }
      if (duration < 900) {
        throw StsException.validation("1 validation error detected: Value '" + duration
            + "' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
      }
      if (duration > role.maxSessionDurationSeconds()) {
        throw StsException.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
      }
    }
    Map<String, List<String>> keys = new HashMap<>(call.serviceKeys());
    keys.put("sts:rolesessionname", List.of(sessionName));
    Evaluation e = authorizer.onResource(caller, role.trustPolicy(), PolicyKind.TRUST, "sts:AssumeRole", roleArn,
        new Authorizer.Call(call.sourceIp(), call.region(), keys));
    if (e.decision() != Decision.ALLOW) {
      throw StsException.accessDenied(denied);
    }

    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiration = now.plus(Duration.ofSeconds(duration));
    String token = ids.sessionToken();
    RoleSession session = new RoleSession(ids.sessionAccessKeyId(), role.accountId(), role.roleName(), role.roleId(),
        sessionName, now, expiration, ids.secretAccessKey(), token);
    identities.putSession(session);

    QueryXml x = new QueryXml(QueryXml.STS_NAMESPACE).openNs("AssumeRoleResponse").open("AssumeRoleResult")
        .open("AssumedRoleUser")
        .element("AssumedRoleId", role.roleId() + ":" + sessionName)
        .element("Arn", session.principal().arn())
        .close("AssumedRoleUser")
        .open("Credentials")
        .element("AccessKeyId", session.accessKeyId())
        .element("SecretAccessKey", session.secretAccessKey())
        .element("SessionToken", token)
        .element("Expiration", expiration.toString())
        .close("Credentials")
        .close("AssumeRoleResult")
        .open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata")
        .close("AssumeRoleResponse");
    return ok(requestId, "AssumeRole", x, roleArn, session.accessKeyId());
  }

  private static StsResponse ok(String requestId, String action, QueryXml body, String roleArn, String sessionKeyId) {
    return new StsResponse(200, body.toString().getBytes(StandardCharsets.UTF_8), requestId, action, null, null, roleArn, sessionKeyId);
  }

  /** AWS's query-protocol error document. */
  public static StsResponse error(StsException e, String requestId, String action) {
    QueryXml x = new QueryXml(QueryXml.STS_NAMESPACE).openNs("ErrorResponse").open("Error")
        .element("Type", e.httpStatus() >= 500 ? "Receiver" : "Sender")
        .element("Code", e.code())
        .element("Message", e.getMessage() == null ? "" : e.getMessage())
        .close("Error").element("RequestId", requestId).close("ErrorResponse");
    return new StsResponse(e.httpStatus(), x.toString().getBytes(StandardCharsets.UTF_8), requestId, action, e.code(),
        e.getMessage(), null, null);
  }
}
