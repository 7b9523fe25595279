package keywatch.kms.access;

import java.util.List;
import java.util.Map;
import keywatch.iam.authz.Authorizer;
import keywatch.iam.policy.Decision;
import keywatch.iam.policy.Evaluation;
import keywatch.iam.policy.PolicyKind;
import keywatch.kms.error.KmsException.AccessDeniedException;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;

/**
 * KMS authorization as AWS documents it: the key policy decides first; where it allows the
 * account (the default key policy's root statement), the caller's identity policies must allow
 * too; an explicit deny anywhere wins. Denials use AWS's message shape.
 */
public final class IamAccessPolicy implements AccessPolicy {
  private final Authorizer authorizer;

  public IamAccessPolicy(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public boolean explicitlyDenies(Caller caller, String action, KmsKey key, Map<String, List<String>> conditionKeys) {
    return evaluate(caller, action, key, conditionKeys).decision() == Decision.EXPLICIT_DENY;
  }

  private Evaluation evaluate(Caller caller, String action, KmsKey key, Map<String, List<String>> conditionKeys) {
    Authorizer.Call call = new Authorizer.Call(caller.sourceIpAddress(), caller.region(), conditionKeys);
    return key == null
        ? authorizer.onAccount(caller.principal(), action, call)
        : authorizer.onResource(caller.principal(), key.policy(), PolicyKind.KEY_POLICY, action, key.arn(), call);
  }

  @Override
  public void authorize(Caller caller, String action, KmsKey key, Map<String, List<String>> conditionKeys) {
    Evaluation e = evaluate(caller, action, key, conditionKeys);
    if (e.decision() == Decision.ALLOW) {
      return;
    }
    String resource = key == null ? "*" : key.arn();
    String why = switch (e.decision()) {
      case EXPLICIT_DENY -> key == null ? "with an explicit deny in an identity-based policy"
          : "with an explicit deny in a resource-based or identity-based policy";
      default -> key == null ? "because no identity-based policy allows the " + action + " action"
          : "because no resource-based policy allows the " + action + " action";
    };
    throw new AccessDeniedException("User: " + caller.principal().arn() + " is not authorized to perform: " + action
        + " on resource: " + resource + " " + why);
  }
}
