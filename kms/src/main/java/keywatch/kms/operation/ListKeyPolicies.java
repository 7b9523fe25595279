package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** ListKeyPolicies: the names of a key's policies, which is always just "default". */
public final class ListKeyPolicies implements Operation {
  private final OperationContext ctx;

  public ListKeyPolicies(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "ListKeyPolicies";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    request.integer("Limit", 1, 1000);
    request.string("Marker", 1, 320);
    ctx.keys().resolveKeyOnly(keyId);
    ObjectNode out = Json.object();
    out.putArray("PolicyNames").add(PutKeyPolicy.DEFAULT_POLICY_NAME);
    out.put("Truncated", false);
    return out;
  }
}
