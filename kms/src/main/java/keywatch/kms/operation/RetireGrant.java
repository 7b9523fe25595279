package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.error.KmsException.DryRunOperationException;
import keywatch.kms.error.KmsException.NotFoundException;
import keywatch.kms.error.KmsException.ValidationException;
import keywatch.kms.grant.Grant;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/**
 * RetireGrant: deletes a grant named by its token, or by key and grant id. Who may retire it (the
 * retiring principal, the grantee if the grant allows RetireGrant, the key's account) is decided
 * by the {@link keywatch.kms.access.AccessGate} before this runs. Allowed in every key state.
 */
public final class RetireGrant implements Operation {
  private final OperationContext ctx;

  public RetireGrant(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "RetireGrant";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String token = request.string("GrantToken");
    String keyId = request.string("KeyId", 1, 2048);
    String grantId = GrantFields.grantId(request, false);
    boolean dryRun = Boolean.TRUE.equals(request.bool("DryRun"));

    Grant grant;
    if (token != null) {
      String named = GrantFields.grantIdOfToken(token, "grantToken");
      grant = ctx.store().grant(named).orElseThrow(() -> new NotFoundException("Grant ID " + named + " not found"));
      if (keyId != null && !ctx.keys().resolveKeyOnly(keyId).keyId().equals(grant.keyId())) {
        throw new NotFoundException("Grant ID " + named + " not found");
      }
      if (grantId != null && !grantId.equals(named)) {
        throw new ValidationException("The grant ID does not match the grant token.");
      }
    } else {
      if (keyId == null || grantId == null) {
        throw new ValidationException("Grant token OR (grant ID, key ID) must be specified");
      }
      KmsKey key = ctx.keys().resolveKeyOnly(keyId);
      grant = GrantFields.grantOnKey(ctx, key.keyId(), grantId);
    }
    if (dryRun) {
      throw new DryRunOperationException();
    }
    ctx.store().deleteGrant(grant.grantId());
    return Json.object();
  }
}
