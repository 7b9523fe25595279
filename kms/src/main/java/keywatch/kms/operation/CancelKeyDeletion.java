package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.error.KmsException.KMSInvalidStateException;
import keywatch.kms.key.KeyState;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** CancelKeyDeletion: a key pending deletion is kept, in the Disabled state, as AWS does. */
public final class CancelKeyDeletion implements Operation {
  private final OperationContext ctx;

  public CancelKeyDeletion(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "CancelKeyDeletion";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    KmsKey kept = ctx.store().modify(key.keyId(), k -> {
      if (k.state() != KeyState.PENDING_DELETION) {
        throw new KMSInvalidStateException(k.arn() + " is not pending deletion.");
      }
      return k.withState(KeyState.DISABLED, null, null);
    });
    ObjectNode out = Json.object();
    out.put("KeyId", kept.arn());
    return out;
  }
}
