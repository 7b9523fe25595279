package keywatch.kms.access;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keywatch.kms.ciphertext.SymmetricCiphertext;
import keywatch.kms.error.KmsException;
import keywatch.kms.error.KmsException.AccessDeniedException;
import keywatch.kms.grant.Grant;
import keywatch.kms.grant.GrantOperation;
import keywatch.kms.grant.GrantToken;
import keywatch.kms.key.KmsKey;
import keywatch.kms.operation.GrantFields;
import keywatch.kms.operation.KeyResolver;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.KmsRequest;

/**
 * Authorization of every KMS call before its operation runs: which key(s) the call acts on and
 * with which KMS condition keys, then the {@link AccessPolicy}'s verdict.
 *
 * <p>The key is the one the request names (KeyId, TargetKeyId, ...). Decrypt without KeyId is
 * authorized against the key named inside the ciphertext; ReEncrypt needs kms:ReEncryptFrom on the
 * source key and kms:ReEncryptTo on the destination. A key that cannot be found is left for the
 * operation to report (NotFoundException) so the answer matches AWS's.
 *
 * <p>Grants: where the policies do not allow an action on a key, a grant on that key may (see
 * {@link GrantAccess}), unless a policy explicitly denies it. RetireGrant is decided by the grant
 * itself: its retiring principal, its grantee if it allows RetireGrant, or the key's account may
 * retire it, and IAM policies may delegate or deny kms:RetireGrant. GrantTokens are validated
 * here for every operation that takes them (InvalidGrantTokenException for one keywatch did not
 * issue); a grant acts without its token, since keywatch is strongly consistent.
 */
public final class AccessGate {
  /** Actions whose resource is the account rather than a key. */
  private static final Set<String> ACCOUNT_ACTIONS = Set.of("CreateKey", "ListKeys", "ListAliases", "GenerateRandom",
      "ListRetirableGrants");

  private final KeyResolver keys;
  private final AccessPolicy policy;
  private final String accountId;
  private final GrantAccess grants;

  public AccessGate(KeyResolver keys, AccessPolicy policy, String accountId) {
    this.keys = keys;
    this.policy = policy;
    this.accountId = accountId;
    this.grants = new GrantAccess(keys.store());
  }

  public void authorize(String operation, KmsRequest request, Caller caller) {
    if (GrantFields.TAKE_GRANT_TOKENS.contains(operation)) {
      GrantFields.grantTokens(request);
    }
    Map<String, List<String>> conditions = conditionKeys(operation, request, caller);
    if (ACCOUNT_ACTIONS.contains(operation)) {
      policy.authorize(caller, "kms:" + operation, null, conditions);
      checkLockoutSafety(operation, request, caller, conditions);
      return;
    }
    switch (operation) {
      case "Decrypt" -> check(caller, "kms:Decrypt", keyOfRequestOrCiphertext(request, "KeyId"), conditions, request);
      case "ReEncrypt" -> {
        check(caller, "kms:ReEncryptFrom", keyOfRequestOrCiphertext(request, "SourceKeyId"), conditions, request);
        check(caller, "kms:ReEncryptTo", find(text(request, "DestinationKeyId")), conditions, request);
      }
      case "RetireGrant" -> authorizeRetire(request, caller, conditions);
      case "CreateAlias", "UpdateAlias" -> {
        check(caller, "kms:" + operation, find(text(request, "TargetKeyId")), conditions, request);
        String alias = text(request, "AliasName");
        if ("UpdateAlias".equals(operation) && alias != null && alias.startsWith("alias/")) {
          check(caller, "kms:UpdateAlias", find(alias), conditions, request);
        }
      }
      case "DeleteAlias" -> {
        String alias = text(request, "AliasName");
        check(caller, "kms:DeleteAlias", alias != null && alias.startsWith("alias/") ? find(alias) : null, conditions,
            request);
      }
      default -> check(caller, "kms:" + operation, find(text(request, "KeyId")), conditions, request);
    }
    checkLockoutSafety(operation, request, caller, conditions);
  }

  /**
   * PutKeyPolicy and CreateKey with a policy, unless BypassPolicyLockoutSafetyCheck: the new policy
   * must still let the caller change it. Runs after the caller was allowed the call itself.
   */
  private void checkLockoutSafety(String operation, KmsRequest request, Caller caller,
      Map<String, List<String>> conditions) {
    boolean put = operation.equals("PutKeyPolicy");
    if (!put && !operation.equals("CreateKey")) {
      return;
    }
    String newPolicy = text(request, "Policy");
    JsonNode bypass = request.body().get("BypassPolicyLockoutSafetyCheck");
    if (newPolicy == null || (bypass != null && bypass.isBoolean() && bypass.booleanValue())) {
      return;
    }
    String keyArn;
    if (put) {
      KmsKey key = find(text(request, "KeyId"));
      if (key == null) {
        return; // the operation answers NotFoundException
      }
      keyArn = key.arn();
    } else {
      // The new key's id is not drawn yet; a policy naming "*" or key/* covers it, as on AWS.
      keyArn = "arn:aws:kms:" + caller.region() + ":" + accountId + ":key/00000000-0000-0000-0000-000000000000";
    }
    policy.checkLockoutSafety(caller, newPolicy, keyArn, conditions);
  }

  private void check(Caller caller, String action, KmsKey key, Map<String, List<String>> conditions,
      KmsRequest request) {
    if (key == null) {
      return;
    }
    try {
      policy.authorize(caller, action, key, conditions);
    } catch (AccessDeniedException denied) {
      if (!grants.allows(caller, action, key, request) || policy.explicitlyDenies(caller, action, key, conditions)) {
        throw denied;
      }
    }
  }

  /**
   * RetireGrant: an explicit deny of kms:RetireGrant in a policy stops anyone; otherwise the
   * grant's retiring principal, its grantee if it permits RetireGrant, and the key's account root
   * may retire it, and anyone else only if the policies allow kms:RetireGrant. A grant that cannot
   * be found is left for the operation to report.
   */
  private void authorizeRetire(KmsRequest request, Caller caller, Map<String, List<String>> conditions) {
    Grant grant = grantToRetire(request);
    KmsKey key = grant == null ? null : find(grant.keyId());
    if (key == null) {
      return;
    }
    if (policy.explicitlyDenies(caller, "kms:RetireGrant", key, conditions)) {
      policy.authorize(caller, "kms:RetireGrant", key, conditions); // throws, with the deny's message
      throw new AccessDeniedException("User: " + caller.principal().arn()
          + " is not authorized to perform: kms:RetireGrant on resource: " + key.arn());
    }
    Set<String> ids = caller.principal().policyIdentifiers();
    boolean named = grant.isRetiringPrincipal(ids) || (grant.isGrantee(ids) && grant.permits(GrantOperation.RETIRE_GRANT))
        || (caller.principal().isRoot() && caller.principal().accountId().equals(key.accountId()));
    if (!named) {
      policy.authorize(caller, "kms:RetireGrant", key, conditions);
    }
  }

  private Grant grantToRetire(KmsRequest request) {
    String token = text(request, "GrantToken");
    String grantId;
    if (token != null) {
      grantId = GrantToken.grantIdOf(token);
    } else {
      grantId = text(request, "GrantId");
      KmsKey key = find(text(request, "KeyId"));
      if (grantId == null || key == null) {
        return null;
      }
      Grant g = keys.store().grant(grantId).orElse(null);
      return g != null && g.keyId().equals(key.keyId()) ? g : null;
    }
    return grantId == null ? null : keys.store().grant(grantId).orElse(null);
  }

  private KmsKey keyOfRequestOrCiphertext(KmsRequest request, String keyField) {
    String named = text(request, keyField);
    if (named != null) {
      return find(named);
    }
    String blob = text(request, "CiphertextBlob");
    if (blob == null) {
      return null;
    }
    try {
      return keys.resolveById(SymmetricCiphertext.parseHeader(Base64.getDecoder().decode(blob)).keyId());
    } catch (RuntimeException e) {
      return null; // not a blob we can read: the operation answers InvalidCiphertextException
    }
  }

  private KmsKey find(String identifier) {
    if (identifier == null || identifier.isEmpty()) {
      return null;
    }
    try {
      return keys.resolve(identifier);
    } catch (KmsException e) {
      return null;
    }
  }

  private Map<String, List<String>> conditionKeys(String operation, KmsRequest request, Caller caller) {
    Map<String, List<String>> c = new HashMap<>();
    JsonNode context = request.body().get(operation.equals("ReEncrypt") ? "SourceEncryptionContext" : "EncryptionContext");
    if (context != null && context.isObject()) {
      List<String> names = new ArrayList<>();
      context.fields().forEachRemaining(e -> {
        names.add(e.getKey());
        c.put("kms:encryptioncontext:" + e.getKey().toLowerCase(), List.of(e.getValue().asText()));
      });
      c.put("kms:encryptioncontextkeys", names);
    }
    String keyId = text(request, "KeyId");
    if (keyId != null && (keyId.startsWith("alias/") || keyId.contains(":alias/"))) {
      c.put("kms:requestalias", List.of(keyId.substring(keyId.indexOf("alias/"))));
    }
    copy(request, c, "EncryptionAlgorithm", "kms:encryptionalgorithm");
    copy(request, c, "SigningAlgorithm", "kms:signingalgorithm");
    copy(request, c, "MacAlgorithm", "kms:macalgorithm");
    copy(request, c, "MessageType", "kms:messagetype");
    copy(request, c, "KeyPairSpec", "kms:datakeypairspec");
    copy(request, c, "KeySpec", "kms:keyspec");
    copy(request, c, "KeyUsage", "kms:keyusage");
    copy(request, c, "Origin", "kms:keyorigin");
    switch (operation) {
      case "CreateGrant" -> grantConditionKeys(request, c);
      case "ListGrants", "RevokeGrant" -> c.put("kms:grantisforawsresource", List.of("false"));
      default -> { }
    }
    return c;
  }

  /**
   * CreateGrant's condition keys: the operations, principals and constraint types the new grant
   * would have, and its constraint's encryption context as kms:EncryptionContext:* and
   * kms:EncryptionContextKeys. keywatch has no AWS services acting for callers, so
   * kms:GrantIsForAWSResource is always false.
   */
  private static void grantConditionKeys(KmsRequest request, Map<String, List<String>> c) {
    JsonNode ops = request.body().get("Operations");
    if (ops != null && ops.isArray()) {
      List<String> names = new ArrayList<>();
      ops.forEach(o -> names.add(o.asText()));
      c.put("kms:grantoperations", names);
    }
    copy(request, c, "GranteePrincipal", "kms:granteeprincipal");
    copy(request, c, "RetiringPrincipal", "kms:retiringprincipal");
    c.put("kms:grantisforawsresource", List.of("false"));
    JsonNode constraints = request.body().get("Constraints");
    if (constraints != null && constraints.isObject()) {
      List<String> types = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (String type : List.of("EncryptionContextEquals", "EncryptionContextSubset")) {
        JsonNode context = constraints.get(type);
        if (context != null && context.isObject() && context.size() > 0) {
          types.add(type);
          context.fields().forEachRemaining(e -> {
            names.add(e.getKey());
            c.put("kms:encryptioncontext:" + e.getKey().toLowerCase(), List.of(e.getValue().asText()));
          });
        }
      }
      if (!types.isEmpty()) {
        c.put("kms:grantconstrainttype", types);
        c.put("kms:encryptioncontextkeys", names);
      }
    }
  }

  private static void copy(KmsRequest request, Map<String, List<String>> c, String field, String key) {
    String v = text(request, field);
    if (v != null) {
      c.put(key, List.of(v));
    }
  }

  private static String text(KmsRequest request, String field) {
    JsonNode n = request.body().get(field);
    return n != null && n.isTextual() ? n.textValue() : null;
  }
}
