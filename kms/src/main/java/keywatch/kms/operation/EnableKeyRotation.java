package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** EnableKeyRotation: automatic rotation every RotationPeriodInDays (90 to 2560, default 365). */
public final class EnableKeyRotation implements Operation {
  private final OperationContext ctx;

  public EnableKeyRotation(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "EnableKeyRotation";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    Integer period = request.integer("RotationPeriodInDays", Rotations.MIN_PERIOD_DAYS, Rotations.MAX_PERIOD_DAYS);
    int days = period == null ? KmsKey.DEFAULT_ROTATION_PERIOD_DAYS : period;
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    ctx.store().modify(key.keyId(), k -> {
      ctx.keys().requireUsable(k);
      Rotations.requireRotatable(k);
      if (k.rotationEnabled() && k.rotationPeriodInDays() == days) {
        return k;
      }
      return k.withRotation(true, days, ctx.clock().instant().plus(Duration.ofDays(days)));
    });
    return Json.object();
  }
}
