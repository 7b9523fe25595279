package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keywatch.kms.key.Alias;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** ListAliases: the account's aliases, or those of one key, paged. */
public final class ListAliases implements Operation {
  private final OperationContext ctx;

  public ListAliases(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "ListAliases";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.string("KeyId", 1, 2048);
    ctx.keys().sweep();
    List<Alias> aliases = ctx.store().aliases();
    if (keyId != null) {
      String target = ctx.keys().resolveKeyOnly(keyId).keyId();
      aliases = aliases.stream().filter(a -> a.targetKeyId().equals(target)).toList();
    }
    ObjectNode out = Json.object();
    Paging.page(request, aliases, out, "Aliases", a -> {
      ObjectNode o = Json.object();
      o.put("AliasName", a.aliasName());
      o.put("AliasArn", a.aliasArn());
      o.put("TargetKeyId", a.targetKeyId());
      o.put("CreationDate", Json.epochSeconds(a.creationDate()));
      o.put("LastUpdatedDate", Json.epochSeconds(a.lastUpdatedDate()));
      return o;
    });
    return out;
  }
}
