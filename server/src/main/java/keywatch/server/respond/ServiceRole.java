package keywatch.server.respond;

import java.time.Clock;
import java.util.Map;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Principal;
import keywatch.iam.principal.Role;

/**
 * keywatch's own service principal: the role {@code keywatch-responder}, created at start, whose
 * one policy allows exactly what responses need. Nobody can assume it (its trust policy names no
 * one); responses act as a session of it made in-process.
 */
public final class ServiceRole {
  public static final String ROLE_NAME = "keywatch-responder";
  public static final String SESSION_NAME = "keywatch-responder";
  static final String POLICY = """
      {"Version":"2012-10-17","Statement":[{"Sid":"KeywatchResponses","Effect":"Allow",
      "Action":["kms:DisableKey","kms:EnableKey","kms:DescribeKey","kms:GetKeyPolicy","kms:PutKeyPolicy"],
      "Resource":"*"},{"Sid":"KeywatchAccessKeyResponses","Effect":"Allow",
      "Action":"iam:UpdateAccessKey","Resource":"arn:aws:iam::*:user/*"}]}""";
  static final String TRUST = """
      {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}""";

  private ServiceRole() {}

  /** Creates the role if missing (or brings its policy back to the one above) and returns a session of it. */
  public static Principal.AssumedRole ensure(IdentityStore identities, String accountId, String roleId, Clock clock) {
    Role role = identities.role(accountId, ROLE_NAME).orElse(null);
    if (role == null || !POLICY.equals(role.policies().get("keywatch-responses"))) {
      role = new Role(accountId, ROLE_NAME, role == null ? roleId : role.roleId(), role == null ? clock.instant() : role.createDate(),
          TRUST, Role.DEFAULT_MAX_SESSION_SECONDS, Map.of("keywatch-responses", POLICY));
      identities.putRole(role);
    }
    return new Principal.AssumedRole(accountId, ROLE_NAME, role.roleId(), SESSION_NAME, clock.instant());
  }
}
