package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import keywatch.kms.error.KmsException.UnsupportedOperationException;
import keywatch.kms.error.KmsException.ValidationException;
import keywatch.kms.key.KeySpec;
import keywatch.kms.key.KeyState;
import keywatch.kms.key.KeyUsage;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** CreateKey: a new customer managed key with fresh material, enabled. */
public final class CreateKey implements Operation {
  private final OperationContext ctx;

  public CreateKey(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "CreateKey";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String policy = request.string("Policy", 1, Integer.MAX_VALUE);
    String description = request.string("Description", 0, 8192);
    KeyUsage usage = request.enumValue("KeyUsage", KeyUsage.class);
    KeySpec spec = request.enumValue("KeySpec", KeySpec.class);
    KeySpec legacySpec = request.enumValue("CustomerMasterKeySpec", KeySpec.class);
    String origin = request.string("Origin");
    Boolean multiRegion = request.bool("MultiRegion");
    request.bool("BypassPolicyLockoutSafetyCheck");
    Map<String, String> tags = Tags.parse(request);
    Tags.checkCount(tags.size());

    if (spec != null && legacySpec != null) {
      throw new ValidationException("You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec parameter is deprecated. Use KeySpec only.");
    }
    spec = spec != null ? spec : legacySpec != null ? legacySpec : KeySpec.SYMMETRIC_DEFAULT;
    usage = usage != null ? usage : KeyUsage.ENCRYPT_DECRYPT;
    if (!spec.allows(usage)) {
      throw new ValidationException("The operation failed because the KeyUsage value of the CMK is " + usage
          + ". You can only use " + spec + " keys for " + spec.defaultUsage() + ".");
    }
    if (origin != null && !origin.equals("AWS_KMS")) {
      if (!List.of("EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE").contains(origin)) {
        throw KmsRequest.validation("Value '" + origin + "' at 'origin' failed to satisfy constraint: Member must satisfy enum value set: [AWS_KMS, EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE]");
      }
      throw new UnsupportedOperationException("keywatch creates keys with origin AWS_KMS only; " + origin + " is not supported.");
    }
    if (Boolean.TRUE.equals(multiRegion)) {
      throw new UnsupportedOperationException("keywatch does not support multi-Region keys.");
    }
    policy = policy == null ? Policies.defaultPolicy(ctx.accountRegion()) : Policies.validate(policy);

    Instant now = ctx.clock().instant();
    String keyId = UUID.randomUUID().toString();
    KmsKey key = new KmsKey(keyId, ctx.accountRegion().keyArn(keyId), ctx.accountRegion().accountId(), now,
        description == null ? "" : description, spec, usage, KeyState.ENABLED, null, null, policy, tags,
        false, KmsKey.DEFAULT_ROTATION_PERIOD_DAYS, null, List.of(ctx.material().generate(spec, 0, now, null)));
    ctx.store().create(key);

    ObjectNode out = Json.object();
    out.set("KeyMetadata", KeyMetadataJson.of(key));
    return out;
  }
}
