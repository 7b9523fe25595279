package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** UpdateKeyDescription: replaces a key's description. */
public final class UpdateKeyDescription implements Operation {
  private final OperationContext ctx;

  public UpdateKeyDescription(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "UpdateKeyDescription";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    String description = request.string("Description", 0, 8192);
    if (description == null) {
      throw KmsRequest.mustNotBeNull("Description");
    }
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    ctx.keys().requireNotPendingDeletion(key);
    ctx.store().modify(key.keyId(), k -> k.withDescription(description));
    return Json.object();
  }
}
