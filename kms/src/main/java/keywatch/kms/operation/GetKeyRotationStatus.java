package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** GetKeyRotationStatus: whether automatic rotation is on, its period and next date. */
public final class GetKeyRotationStatus implements Operation {
  private final OperationContext ctx;

  public GetKeyRotationStatus(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "GetKeyRotationStatus";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    ctx.keys().requireNotPendingDeletion(key);
    Rotations.requireRotatable(key);
    ObjectNode out = Json.object();
    out.put("KeyRotationEnabled", key.rotationEnabled());
    out.put("KeyId", key.arn());
    if (key.rotationEnabled()) {
      out.put("RotationPeriodInDays", key.rotationPeriodInDays());
      out.put("NextRotationDate", Json.epochSeconds(key.nextRotationDate()));
    }
    return out;
  }
}
