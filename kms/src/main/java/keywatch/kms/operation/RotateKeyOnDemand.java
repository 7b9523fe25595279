package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.error.KmsException.LimitExceededException;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** RotateKeyOnDemand: new backing key now (at most 10 times per key, as AWS limits it). */
public final class RotateKeyOnDemand implements Operation {
  private final OperationContext ctx;

  public RotateKeyOnDemand(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "RotateKeyOnDemand";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    ctx.store().modify(key.keyId(), k -> {
      ctx.keys().requireUsable(k);
      Rotations.requireRotatable(k);
      long onDemand = k.backingKeys().stream().filter(b -> "ON_DEMAND".equals(b.rotationType())).count();
      if (onDemand >= Rotations.MAX_ON_DEMAND_ROTATIONS) {
        throw new LimitExceededException("You have exceeded the maximum number of on-demand rotations ("
            + Rotations.MAX_ON_DEMAND_ROTATIONS + ") for " + k.arn() + ".");
      }
      return k.withBackingKey(ctx.material().generate(k.keySpec(), k.backingKeys().size(), ctx.clock().instant(), "ON_DEMAND"));
    });
    ObjectNode out = Json.object();
    out.put("KeyId", key.keyId());
    return out;
  }
}
