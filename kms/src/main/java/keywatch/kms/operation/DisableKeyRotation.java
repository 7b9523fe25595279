package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** DisableKeyRotation: stops automatic rotation; earlier backing keys stay. */
public final class DisableKeyRotation implements Operation {
  private final OperationContext ctx;

  public DisableKeyRotation(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "DisableKeyRotation";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    ctx.store().modify(key.keyId(), k -> {
      ctx.keys().requireUsable(k);
      Rotations.requireRotatable(k);
      return k.rotationEnabled() ? k.withRotation(false, k.rotationPeriodInDays(), null) : k;
    });
    return Json.object();
  }
}
