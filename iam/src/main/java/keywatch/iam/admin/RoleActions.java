package keywatch.iam.admin;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import keywatch.iam.policy.PolicyKind;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.Role;
import keywatch.iam.query.QueryXml;

/** CreateRole, GetRole, ListRoles, DeleteRole, UpdateAssumeRolePolicy and the role's inline policies. */
final class RoleActions {
  static final int MIN_SESSION_SECONDS = 3_600;
  static final int MAX_SESSION_SECONDS = 43_200;

  private final IdentityStore identities;
  private final Ids ids;
  private final Clock clock;
  private final Object writes;
  private final InlinePolicies policies;

  RoleActions(IdentityStore identities, Ids ids, Clock clock, Object writes) {
    this.identities = identities;
    this.ids = ids;
    this.clock = clock;
    this.writes = writes;
    this.policies = new InlinePolicies(new InlinePolicies.Owner() {
      @Override public String nameParameter() { return "RoleName"; }
      @Override public String noun() { return "role"; }
      @Override public int quotaChars() { return PolicyDocuments.ROLE_INLINE_QUOTA; }
      @Override public String arn(IamRequest r, String name) { return r.roleArn(name); }
      @Override public Map<String, String> policies(IamRequest r, String name) { return existing(r, name).policies(); }
      @Override public void storePolicies(IamRequest r, String name, Map<String, String> p) {
        identities.putRole(withPolicies(existing(r, name), p));
      }
    }, writes);
  }

  QueryXml createRole(IamRequest r) {
    String name = r.requiredName("RoleName", "roleName");
    String trust = r.policyDocument("AssumeRolePolicyDocument", "assumeRolePolicyDocument");
    Integer max = r.optionalInt("MaxSessionDuration", "maxSessionDuration", MIN_SESSION_SECONDS, MAX_SESSION_SECONDS);
    r.requireRootPath();
    if (r.raw("PermissionsBoundary") != null) {
      // Ignoring a boundary would grant more than the caller meant: refuse it instead.
      throw IamException.validation("keywatch does not support permissions boundaries");
    }
    r.authorize(r.roleArn(name));
    PolicyDocuments.parse(trust, PolicyKind.TRUST);
    PolicyDocuments.checkTrustQuota(trust);
    Role role;
    synchronized (writes) {
      for (Role existing : identities.roles()) {
        if (existing.accountId().equals(r.accountId()) && existing.roleName().equalsIgnoreCase(name)) {
          throw IamException.alreadyExists("Role with name " + name + " already exists.");
        }
      }
      role = new Role(r.accountId(), name, ids.roleId(), clock.instant().truncatedTo(ChronoUnit.SECONDS), trust,
          max == null ? Role.DEFAULT_MAX_SESSION_SECONDS : max, Map.of());
      r.beforeCommit(new IamCallAudit.NewRole(role));
      identities.putRole(role);
    }
    return role(new QueryXml(QueryXml.IAM_NAMESPACE), "Role", role);
  }

  QueryXml getRole(IamRequest r) {
    String name = r.requiredName("RoleName", "roleName");
    r.authorize(r.roleArn(name));
    return role(new QueryXml(QueryXml.IAM_NAMESPACE), "Role", existing(r, name));
  }

  QueryXml listRoles(IamRequest r) {
    r.authorize("arn:aws:iam::" + r.accountId() + ":role/");
    return Page.listing(r, "Roles", identities.roles(), Role::accountId, Role::roleName, (x, role) -> role(x, "member", role));
  }

  QueryXml deleteRole(IamRequest r) {
    String name = r.requiredName("RoleName", "roleName");
    r.authorize(r.roleArn(name));
    synchronized (writes) {
      Role role = existing(r, name);
      if (!role.policies().isEmpty()) {
        throw IamException.deleteConflict("Cannot delete entity, must delete policies first.");
      }
      r.beforeCommit(null);
      identities.deleteRole(r.accountId(), name);
    }
    return null;
  }

  QueryXml updateAssumeRolePolicy(IamRequest r) {
    String name = r.requiredName("RoleName", "roleName");
    String trust = r.policyDocument("PolicyDocument", "policyDocument");
    r.authorize(r.roleArn(name));
    PolicyDocuments.parse(trust, PolicyKind.TRUST);
    PolicyDocuments.checkTrustQuota(trust);
    synchronized (writes) {
      Role role = existing(r, name);
      r.beforeCommit(null);
      identities.putRole(new Role(role.accountId(), role.roleName(), role.roleId(), role.createDate(), trust,
          role.maxSessionDurationSeconds(), role.policies()));
    }
    return null;
  }

  QueryXml putRolePolicy(IamRequest r) {
    return policies.put(r);
  }

  QueryXml getRolePolicy(IamRequest r) {
    return policies.get(r);
  }

  QueryXml listRolePolicies(IamRequest r) {
    return policies.list(r);
  }

  QueryXml deleteRolePolicy(IamRequest r) {
    return policies.delete(r);
  }

  private Role existing(IamRequest r, String name) {
    return identities.role(r.accountId(), name)
        .orElseThrow(() -> IamException.noSuchEntity("The role with name " + name + " cannot be found."));
  }

  private static Role withPolicies(Role role, Map<String, String> policies) {
    return new Role(role.accountId(), role.roleName(), role.roleId(), role.createDate(), role.trustPolicy(),
        role.maxSessionDurationSeconds(), policies);
  }

  private static QueryXml role(QueryXml x, String element, Role role) {
    return x.open(element).element("Path", "/").element("RoleName", role.roleName()).element("RoleId", role.roleId())
        .element("Arn", role.arn()).element("CreateDate", role.createDate().truncatedTo(ChronoUnit.SECONDS).toString())
        .policy("AssumeRolePolicyDocument", role.trustPolicy())
        .element("MaxSessionDuration", Integer.toString(role.maxSessionDurationSeconds()))
        .close(element);
  }
}
