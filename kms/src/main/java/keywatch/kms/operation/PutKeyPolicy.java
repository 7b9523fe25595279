package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.error.KmsException.NotFoundException;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/**
 * PutKeyPolicy: replaces the key's policy; a malformed or oversized document is refused, never
 * stored. The lockout safety check (unless BypassPolicyLockoutSafetyCheck) runs in the
 * {@link keywatch.kms.access.AccessGate}, which knows the caller's identity policies.
 */
public final class PutKeyPolicy implements Operation {
  static final String DEFAULT_POLICY_NAME = "default";

  private final OperationContext ctx;

  public PutKeyPolicy(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "PutKeyPolicy";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    String policyName = readPolicyName(request);
    // No length bound here: an oversized policy is LimitExceededException, not a ValidationException.
    String policy = Policies.validate(request.requiredString("Policy", 1, Integer.MAX_VALUE));
    request.bool("BypassPolicyLockoutSafetyCheck");
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    ctx.store().modify(key.keyId(), k -> {
      ctx.keys().requireNotPendingDeletion(k);
      return k.withPolicy(policy);
    });
    return Json.object();
  }

  /** PolicyName is optional since 2023 and defaults to "default", the only name a key policy has. */
  static String readPolicyName(KmsRequest request) {
    String name = request.string("PolicyName", 1, 128);
    if (name == null) {
      return DEFAULT_POLICY_NAME;
    }
    if (!DEFAULT_POLICY_NAME.equals(name)) {
      throw new NotFoundException("No such policy exists: " + name);
    }
    return name;
  }
}
