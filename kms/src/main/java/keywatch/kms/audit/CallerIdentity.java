package keywatch.kms.audit;

import keywatch.iam.principal.Principal;
import keywatch.trail.record.UserIdentity;

/** CloudTrail's {@code userIdentity} for an authenticated principal. */
public final class CallerIdentity {
  private CallerIdentity() {}

  public static UserIdentity of(Principal principal, String accessKeyId) {
    if (principal instanceof Principal.IamUser u) {
      return UserIdentity.iamUser(u.accountId(), u.userId(), u.userName(), accessKeyId);
    }
    if (principal instanceof Principal.AssumedRole a) {
      return UserIdentity.assumedRole(a.accountId(), a.roleName(), a.roleId(), a.sessionName(), accessKeyId,
          a.sessionCreated(), false);
    }
    return UserIdentity.root(principal.accountId(), accessKeyId);
  }
}
