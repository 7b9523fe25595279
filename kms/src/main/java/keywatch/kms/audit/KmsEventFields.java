package keywatch.kms.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per KMS operation: which request members enter {@code requestParameters} (an allow-list, by AWS
 * member name, written in AWS's lower-camel form) and whether AWS marks the event {@code readOnly}.
 * A member not listed here never reaches the trail, whatever the request holds: {@code Plaintext},
 * {@code CiphertextBlob}, {@code Message}, {@code Signature}, {@code Mac}, {@code GrantTokens}, {@code GrantToken} and
 * {@code Recipient} are deliberately absent. An operation not listed records no parameters.
 *
 * <p>Sources: the AWS KMS Developer Guide's CloudTrail examples (e.g. ct-encrypt, ct-decrypt,
 * ct-generatedatakey, ct-createkey, ct-put-key-policy, ct-schedule-key-deletion): cryptographic and
 * Describe/Get/List operations are {@code readOnly: true}, everything that changes a key is false.
 */
public final class KmsEventFields {
  private record Entry(boolean readOnly, List<String> members) {}

  /** Members whose value is a map of caller-chosen names: copied with the names as they are. */
  private static final Set<String> MAPS = Set.of(
      "EncryptionContext", "SourceEncryptionContext", "DestinationEncryptionContext");

  private static final Map<String, Entry> TABLE = Map.ofEntries(
      // keys and their lifecycle
      Map.entry("CreateKey", write("Policy", "Description", "KeyUsage", "CustomerMasterKeySpec", "KeySpec", "Origin",
          "BypassPolicyLockoutSafetyCheck", "MultiRegion", "Tags")),
      Map.entry("DescribeKey", read("KeyId")),
      Map.entry("ListKeys", read("Limit", "Marker")),
      Map.entry("UpdateKeyDescription", write("KeyId", "Description")),
      Map.entry("EnableKey", write("KeyId")),
      Map.entry("DisableKey", write("KeyId")),
      Map.entry("ScheduleKeyDeletion", write("KeyId", "PendingWindowInDays")),
      Map.entry("CancelKeyDeletion", write("KeyId")),
      // aliases
      Map.entry("CreateAlias", write("AliasName", "TargetKeyId")),
      Map.entry("UpdateAlias", write("AliasName", "TargetKeyId")),
      Map.entry("DeleteAlias", write("AliasName")),
      Map.entry("ListAliases", read("KeyId", "Limit", "Marker")),
      // cryptography: never the data, only what names the key and how it is used
      Map.entry("Encrypt", read("KeyId", "EncryptionContext", "EncryptionAlgorithm")),
      Map.entry("Decrypt", read("KeyId", "EncryptionContext", "EncryptionAlgorithm", "DryRun")),
      Map.entry("ReEncrypt", read("SourceKeyId", "DestinationKeyId", "SourceEncryptionContext",
          "DestinationEncryptionContext", "SourceEncryptionAlgorithm", "DestinationEncryptionAlgorithm")),
      Map.entry("GenerateDataKey", read("KeyId", "KeySpec", "NumberOfBytes", "EncryptionContext")),
      Map.entry("GenerateDataKeyWithoutPlaintext", read("KeyId", "KeySpec", "NumberOfBytes", "EncryptionContext")),
      Map.entry("GenerateDataKeyPair", read("KeyId", "KeyPairSpec", "EncryptionContext")),
      Map.entry("GenerateDataKeyPairWithoutPlaintext", read("KeyId", "KeyPairSpec", "EncryptionContext")),
      Map.entry("GenerateRandom", read("NumberOfBytes")),
      Map.entry("GetPublicKey", read("KeyId")),
      Map.entry("Sign", read("KeyId", "MessageType", "SigningAlgorithm")),
      Map.entry("Verify", read("KeyId", "MessageType", "SigningAlgorithm")),
      Map.entry("GenerateMac", read("KeyId", "MacAlgorithm")),
      Map.entry("VerifyMac", read("KeyId", "MacAlgorithm")),
      // rotation
      Map.entry("EnableKeyRotation", write("KeyId", "RotationPeriodInDays")),
      Map.entry("DisableKeyRotation", write("KeyId")),
      Map.entry("GetKeyRotationStatus", read("KeyId")),
      Map.entry("RotateKeyOnDemand", write("KeyId")),
      Map.entry("ListKeyRotations", read("KeyId", "Limit", "Marker")),
      // tags
      Map.entry("TagResource", write("KeyId", "Tags")),
      Map.entry("UntagResource", write("KeyId", "TagKeys")),
      Map.entry("ListResourceTags", read("KeyId", "Limit", "Marker")),
      // key policies
      Map.entry("GetKeyPolicy", read("KeyId", "PolicyName")),
      Map.entry("PutKeyPolicy", write("KeyId", "PolicyName", "Policy", "BypassPolicyLockoutSafetyCheck")),
      Map.entry("ListKeyPolicies", read("KeyId", "Limit", "Marker")),
      // grants: never the grant token
      Map.entry("CreateGrant", write("KeyId", "GranteePrincipal", "RetiringPrincipal", "Operations", "Constraints",
          "Name", "DryRun")),
      Map.entry("ListGrants", read("KeyId", "GrantId", "GranteePrincipal", "Limit", "Marker")),
      Map.entry("ListRetirableGrants", read("RetiringPrincipal", "Limit", "Marker")),
      Map.entry("RetireGrant", write("KeyId", "GrantId", "DryRun")),
      Map.entry("RevokeGrant", write("KeyId", "GrantId", "DryRun")));

  private KmsEventFields() {}

  private static Entry read(String... members) {
    return new Entry(true, List.of(members));
  }

  private static Entry write(String... members) {
    return new Entry(false, List.of(members));
  }

  /** Whether AWS marks the event read-only; unknown actions count as not read-only. */
  public static boolean readOnly(String operation) {
    Entry e = operation == null ? null : TABLE.get(operation);
    return e != null && e.readOnly();
  }

  /** Whether the operation is in the table (every operation keywatch serves must be). */
  public static boolean known(String operation) {
    return TABLE.containsKey(operation);
  }

  /**
   * The allowed members of {@code body}, in the table's order, named in lower camel case; null if
   * none is present (AWS writes {@code "requestParameters": null} then).
   */
  public static ObjectNode requestParameters(String operation, ObjectNode body) {
    Entry e = operation == null ? null : TABLE.get(operation);
    if (e == null || body == null) {
      return null;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String member : e.members()) {
      JsonNode v = body.get(member);
      if (v == null || v.isNull()) {
        continue;
      }
      JsonNode copied = MAPS.contains(member) ? stringMap(v)
          : member.equals("Constraints") ? constraints(v)
          : lowerCamel(v);
      if (copied != null) {
        out.set(lowerCamel(member), copied);
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** AWS's member name with a lower-case initial: {@code KeyId} becomes {@code keyId}. */
  public static String lowerCamel(String member) {
    return Character.toLowerCase(member.charAt(0)) + member.substring(1);
  }

  /** Scalars as they are; objects (tags) with lower-camel names; arrays element by element. */
  private static JsonNode lowerCamel(JsonNode v) {
    if (v.isValueNode()) {
      return v.deepCopy();
    }
    if (v.isArray()) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      for (JsonNode e : v) {
        JsonNode c = lowerCamel(e);
        if (c != null) {
          a.add(c);
        }
      }
      return a;
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().isEmpty()) {
        continue;
      }
      JsonNode c = lowerCamel(f.getValue());
      if (c != null) {
        o.set(lowerCamel(f.getKey()), c);
      }
    }
    return o;
  }

  /** Grant constraints: {@code encryptionContextSubset}/{@code encryptionContextEquals}, contexts verbatim. */
  private static JsonNode constraints(JsonNode v) {
    if (!v.isObject()) {
      return null;
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (String name : List.of("EncryptionContextSubset", "EncryptionContextEquals")) {
      JsonNode context = v.get(name);
      if (context != null && context.isObject()) {
        o.set(lowerCamel(name), stringMap(context));
      }
    }
    return o;
  }

  /** An encryption context: names and values are text; anything else is left out. */
  private static JsonNode stringMap(JsonNode v) {
    if (!v.isObject()) {
      return null;
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getValue().isTextual()) {
        o.put(f.getKey(), f.getValue().textValue());
      }
    }
    return o;
  }
}
