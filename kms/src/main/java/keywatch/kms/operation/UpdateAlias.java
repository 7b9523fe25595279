package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.error.KmsException.NotFoundException;
import keywatch.kms.error.KmsException.ValidationException;
import keywatch.kms.key.Alias;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** UpdateAlias: points an alias at another key of the same type and usage. */
public final class UpdateAlias implements Operation {
  private final OperationContext ctx;

  public UpdateAlias(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "UpdateAlias";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String aliasName = AliasNames.read(request);
    String target = AliasNames.readTarget(request);
    AliasNames.requireNotReserved(aliasName);
    Alias alias = ctx.store().alias(aliasName).orElseThrow(() ->
        new NotFoundException("Alias " + ctx.accountRegion().aliasArn(aliasName) + " is not found."));
    KmsKey newKey = ctx.keys().resolveKeyOnly(target);
    ctx.keys().requireNotPendingDeletion(newKey);
    ctx.store().key(alias.targetKeyId()).ifPresent(old -> {
      if (old.keySpec().family() != newKey.keySpec().family() || old.keyUsage() != newKey.keyUsage()) {
        throw new ValidationException("The new target key " + newKey.arn()
            + " must be the same type and have the same key usage as the current target key " + old.arn() + ".");
      }
    });
    ctx.store().putAlias(alias.retarget(newKey.keyId(), ctx.clock().instant()), false);
    return Json.object();
  }
}
