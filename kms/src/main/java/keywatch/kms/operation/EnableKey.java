package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.key.KeyState;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** EnableKey: a disabled key becomes usable again; a key pending deletion must be cancelled first. */
public final class EnableKey implements Operation {
  private final OperationContext ctx;

  public EnableKey(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "EnableKey";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    ctx.store().modify(key.keyId(), k -> {
      ctx.keys().requireNotPendingDeletion(k);
      return k.state() == KeyState.ENABLED ? k : k.withState(KeyState.ENABLED, null, null);
    });
    return Json.object();
  }
}
