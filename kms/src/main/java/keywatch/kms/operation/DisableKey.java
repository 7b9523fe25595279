package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.key.KeyState;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** DisableKey: the key stays, but no cryptographic operation may use it until it is enabled. */
public final class DisableKey implements Operation {
  private final OperationContext ctx;

  public DisableKey(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "DisableKey";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    ctx.store().modify(key.keyId(), k -> {
      ctx.keys().requireNotPendingDeletion(k);
      return k.state() == KeyState.DISABLED ? k : k.withState(KeyState.DISABLED, null, null);
    });
    return Json.object();
  }
}
