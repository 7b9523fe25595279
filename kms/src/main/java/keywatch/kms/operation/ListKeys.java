package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** ListKeys: every key of the account (including keys pending deletion), paged. */
public final class ListKeys implements Operation {
  private final OperationContext ctx;

  public ListKeys(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "ListKeys";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    ctx.keys().sweep();
    ObjectNode out = Json.object();
    Paging.page(request, ctx.store().keys(), out, "Keys", k -> {
      ObjectNode o = Json.object();
      o.put("KeyId", k.keyId());
      o.put("KeyArn", k.arn());
      return o;
    });
    return out;
  }
}
