package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.error.KmsException.NotFoundException;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** DeleteAlias: removes an alias; the key it named is not affected. */
public final class DeleteAlias implements Operation {
  private final OperationContext ctx;

  public DeleteAlias(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "DeleteAlias";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String aliasName = AliasNames.read(request);
    AliasNames.requireNotReserved(aliasName);
    if (ctx.store().alias(aliasName).isEmpty()) {
      throw new NotFoundException("Alias " + ctx.accountRegion().aliasArn(aliasName) + " is not found.");
    }
    ctx.store().deleteAlias(aliasName);
    return Json.object();
  }
}
