package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.error.KmsException.DryRunOperationException;
import keywatch.kms.grant.Grant;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/**
 * RevokeGrant: deletes a grant on a key, by whoever the policies allow kms:RevokeGrant. Allowed in
 * every key state. The grant stops acting at once: keywatch is strongly consistent.
 */
public final class RevokeGrant implements Operation {
  private final OperationContext ctx;

  public RevokeGrant(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "RevokeGrant";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    String grantId = GrantFields.grantId(request, true);
    boolean dryRun = Boolean.TRUE.equals(request.bool("DryRun"));

    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    Grant grant = GrantFields.grantOnKey(ctx, key.keyId(), grantId);
    if (dryRun) {
      throw new DryRunOperationException();
    }
    ctx.store().deleteGrant(grant.grantId());
    return Json.object();
  }
}
