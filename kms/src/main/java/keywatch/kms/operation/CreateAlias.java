package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import keywatch.kms.error.KmsException.AlreadyExistsException;
import keywatch.kms.key.Alias;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** CreateAlias: a new friendly name for a key. */
public final class CreateAlias implements Operation {
  private final OperationContext ctx;

  public CreateAlias(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "CreateAlias";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String aliasName = AliasNames.read(request);
    String target = AliasNames.readTarget(request);
    AliasNames.requireNotReserved(aliasName);
    KmsKey key = ctx.keys().resolveKeyOnly(target);
    ctx.keys().requireNotPendingDeletion(key);
    Instant now = ctx.clock().instant();
    String arn = ctx.accountRegion().aliasArn(aliasName);
    if (!ctx.store().putAlias(new Alias(aliasName, arn, key.keyId(), now, now), true)) {
      throw new AlreadyExistsException("An alias with the name " + arn + " already exists");
    }
    return Json.object();
  }
}
