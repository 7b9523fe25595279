package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keywatch.kms.key.BackingKey;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** ListKeyRotations: every completed rotation of a key, oldest first, paged. */
public final class ListKeyRotations implements Operation {
  private final OperationContext ctx;

  public ListKeyRotations(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "ListKeyRotations";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    ctx.keys().requireNotPendingDeletion(key);
    Rotations.requireRotatable(key);
    List<BackingKey> rotations = key.backingKeys().stream().filter(b -> b.rotationType() != null).toList();
    ObjectNode out = Json.object();
    Paging.page(request, rotations, out, "Rotations", b -> {
      ObjectNode o = Json.object();
      o.put("KeyId", key.keyId());
      o.put("RotationDate", Json.epochSeconds(b.createdAt()));
      o.put("RotationType", b.rotationType());
      return o;
    });
    return out;
  }
}
