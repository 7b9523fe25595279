package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** GetKeyPolicy: the key's policy document (its only policy is named "default"). */
public final class GetKeyPolicy implements Operation {
  private final OperationContext ctx;

  public GetKeyPolicy(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "GetKeyPolicy";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    String policyName = PutKeyPolicy.readPolicyName(request);
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    ObjectNode out = Json.object();
    out.put("Policy", key.policy());
    out.put("PolicyName", policyName);
    return out;
  }
}
