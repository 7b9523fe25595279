package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** UntagResource: removes the named tag keys from a key; absent ones are ignored. */
public final class UntagResource implements Operation {
  private final OperationContext ctx;

  public UntagResource(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "UntagResource";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    if (!request.has("TagKeys")) {
      throw KmsRequest.mustNotBeNull("TagKeys");
    }
    List<String> removed = request.stringList("TagKeys");
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    ctx.store().modify(key.keyId(), k -> {
      ctx.keys().requireNotPendingDeletion(k);
      Map<String, String> all = new LinkedHashMap<>(k.tags());
      removed.forEach(all::remove);
      return k.withTags(all);
    });
    return Json.object();
  }
}
