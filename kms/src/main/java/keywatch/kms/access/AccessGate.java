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
import keywatch.kms.key.KmsKey;
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
 */
public final class AccessGate {
  /** Actions whose resource is the account rather than a key. */
  private static final Set<String> ACCOUNT_ACTIONS = Set.of("CreateKey", "ListKeys", "ListAliases", "GenerateRandom",
      "ListRetirableGrants");

  private final KeyResolver keys;
  private final AccessPolicy policy;
  private final String accountId;

  public AccessGate(KeyResolver keys, AccessPolicy policy, String accountId) {
    this.keys = keys;
    this.policy = policy;
    this.accountId = accountId;
  }

  public void authorize(String operation, KmsRequest request, Caller caller) {
    Map<String, List<String>> conditions = conditionKeys(operation, request, caller);
    if (ACCOUNT_ACTIONS.contains(operation)) {
      policy.authorize(caller, "kms:" + operation, null, conditions);
      checkLockoutSafety(operation, request, caller, conditions);
      return;
    }
    switch (operation) {
      case "Decrypt" -> check(caller, "kms:Decrypt", keyOfRequestOrCiphertext(request, "KeyId"), conditions);
      case "ReEncrypt" -> {
        check(caller, "kms:ReEncryptFrom", keyOfRequestOrCiphertext(request, "SourceKeyId"), conditions);
        check(caller, "kms:ReEncryptTo", find(text(request, "DestinationKeyId")), conditions);
      }
      case "CreateAlias", "UpdateAlias" -> {
        check(caller, "kms:" + operation, find(text(request, "TargetKeyId")), conditions);
        String alias = text(request, "AliasName");
        if ("UpdateAlias".equals(operation) && alias != null && alias.startsWith("alias/")) {
          check(caller, "kms:UpdateAlias", find(alias), conditions);
        }
      }
      case "DeleteAlias" -> {
        String alias = text(request, "AliasName");
        check(caller, "kms:DeleteAlias", alias != null && alias.startsWith("alias/") ? find(alias) : null, conditions);
      }
      default -> check(caller, "kms:" + operation, find(text(request, "KeyId")), conditions);
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

  private void check(Caller caller, String action, KmsKey key, Map<String, List<String>> conditions) {
    if (key != null) {
      policy.authorize(caller, action, key, conditions);
    }
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
    c.put("kms:calleraccount", List.of(caller.principal().accountId()));
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
    return c;
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
