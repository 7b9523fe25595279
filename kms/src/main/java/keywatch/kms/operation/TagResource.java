package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** TagResource: adds tags to a key, replacing the value of a tag key that exists. */
public final class TagResource implements Operation {
  private final OperationContext ctx;

  public TagResource(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "TagResource";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    if (!request.has("Tags")) {
      throw KmsRequest.mustNotBeNull("Tags");
    }
    Map<String, String> added = Tags.parse(request);
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    ctx.store().modify(key.keyId(), k -> {
      ctx.keys().requireNotPendingDeletion(k);
      Map<String, String> all = new LinkedHashMap<>(k.tags());
      all.putAll(added);
      Tags.checkCount(all.size());
      return k.withTags(all);
    });
    return Json.object();
  }
}
