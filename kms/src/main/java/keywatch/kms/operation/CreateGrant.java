package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import keywatch.kms.error.KmsException.DryRunOperationException;
import keywatch.kms.error.KmsException.ValidationException;
import keywatch.kms.grant.Grant;
import keywatch.kms.grant.GrantConstraints;
import keywatch.kms.grant.GrantOperation;
import keywatch.kms.grant.GrantToken;
import keywatch.kms.key.KeySpec;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/**
 * CreateGrant: lets a grantee principal perform some operations with a key, optionally only for
 * matching encryption contexts. Idempotent by name: the same request with the same Name returns
 * the existing grant's id (with a new token). A key holds at most 50,000 grants.
 */
public final class CreateGrant implements Operation {
  static final int MAX_GRANTS_PER_KEY = 50_000;

  private final OperationContext ctx;
  private final SecureRandom random = new SecureRandom();

  public CreateGrant(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "CreateGrant";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    String grantee = GrantFields.principal(request, "GranteePrincipal", true);
    String retiring = GrantFields.principal(request, "RetiringPrincipal", false);
    List<GrantOperation> operations = GrantFields.operations(request);
    GrantConstraints constraints = GrantFields.constraints(request);
    GrantFields.grantTokens(request);
    String grantName = GrantFields.name(request);
    boolean dryRun = Boolean.TRUE.equals(request.bool("DryRun"));

    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    ctx.keys().requireNotPendingDeletion(key);
    requireValidFor(key, operations, constraints);
    if (dryRun) {
      throw new DryRunOperationException();
    }

    byte[] id = new byte[32];
    random.nextBytes(id);
    Grant grant = ctx.store().addGrant(new Grant(HexFormat.of().formatHex(id), key.keyId(), grantName,
        ctx.clock().instant(), grantee, retiring, ctx.accountRegion().rootPrincipalArn(), operations, constraints),
        MAX_GRANTS_PER_KEY);

    ObjectNode out = Json.object();
    out.put("GrantToken", GrantToken.issue(grant.grantId(), random));
    out.put("GrantId", grant.grantId());
    return out;
  }

  /**
   * The operations must be ones the key can perform; an encryption-context constraint only fits
   * operations that take an encryption context, so only symmetric encryption keys (besides
   * CreateGrant, RetireGrant and DescribeKey, which a constraint does not govern).
   */
  private static void requireValidFor(KmsKey key, List<GrantOperation> operations, GrantConstraints constraints) {
    List<String> invalid = operations.stream().filter(o -> !o.validFor(key)).map(GrantOperation::awsName).toList();
    if (!invalid.isEmpty()) {
      throw new ValidationException("Grant operations " + invalid + " are not valid for " + key.arn()
          + ", whose key spec is " + key.keySpec() + " and key usage " + key.keyUsage() + ".");
    }
    if (!constraints.isEmpty()) {
      List<String> unconstrainable = operations.stream()
          .filter(o -> !o.allowsConstraint() || (o.takesEncryptionContext() && key.keySpec() != KeySpec.SYMMETRIC_DEFAULT))
          .map(GrantOperation::awsName).toList();
      if (!unconstrainable.isEmpty()) {
        throw new ValidationException("Encryption context grant constraints are not supported for operations "
            + unconstrainable + " with " + key.arn() + ".");
      }
    }
  }
}
