package keywatch.kms.operation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dispatch table: every KMS action keywatch serves, by its AWS name. An action is reachable
 * only if it is listed here.
 */
public final class Operations {
  private Operations() {}

  public static Map<String, Operation> all(OperationContext ctx) {
    List<Operation> ops = List.of(
        // keys and their lifecycle
        new CreateKey(ctx),
        new DescribeKey(ctx),
        new ListKeys(ctx),
        new UpdateKeyDescription(ctx),
        new EnableKey(ctx),
        new DisableKey(ctx),
        new ScheduleKeyDeletion(ctx),
        new CancelKeyDeletion(ctx),
        // aliases
        new CreateAlias(ctx),
        new UpdateAlias(ctx),
        new DeleteAlias(ctx),
        new ListAliases(ctx),
        // cryptography
        new Encrypt(ctx),
        new Decrypt(ctx),
        new ReEncrypt(ctx),
        new GenerateDataKey(ctx),
        new GenerateDataKeyWithoutPlaintext(ctx),
        new GenerateDataKeyPair(ctx),
        new GenerateDataKeyPairWithoutPlaintext(ctx),
        new GenerateRandom(ctx),
        new GetPublicKey(ctx),
        new Sign(ctx),
        new Verify(ctx),
        new GenerateMac(ctx),
        new VerifyMac(ctx),
        // rotation
        new EnableKeyRotation(ctx),
        new DisableKeyRotation(ctx),
        new GetKeyRotationStatus(ctx),
        new RotateKeyOnDemand(ctx),
        new ListKeyRotations(ctx),
        // tags
        new TagResource(ctx),
        new UntagResource(ctx),
        new ListResourceTags(ctx),
        // key policies
        new GetKeyPolicy(ctx),
        new PutKeyPolicy(ctx),
        new ListKeyPolicies(ctx),
        // grants
        new CreateGrant(ctx),
        new ListGrants(ctx),
        new ListRetirableGrants(ctx),
        new RetireGrant(ctx),
        new RevokeGrant(ctx));
    Map<String, Operation> table = new LinkedHashMap<>();
    for (Operation op : ops) {
      if (table.put(op.name(), op) != null) {
        throw new IllegalStateException("two operations named " + op.name());
      }
    }
    return table;
  }
}
