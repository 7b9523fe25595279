package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** ListResourceTags: a key's tags, paged. */
public final class ListResourceTags implements Operation {
  private final OperationContext ctx;

  public ListResourceTags(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "ListResourceTags";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    List<Map.Entry<String, String>> tags = List.copyOf(key.tags().entrySet());
    ObjectNode out = Json.object();
    Paging.page(request, tags, out, "Tags", t -> {
      ObjectNode o = Json.object();
      o.put("TagKey", t.getKey());
      o.put("TagValue", t.getValue());
      return o;
    });
    return out;
  }
}
