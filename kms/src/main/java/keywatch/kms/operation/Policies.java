package keywatch.kms.operation;

import com.fasterxml.jackson.databind.JsonNode;
import keywatch.kms.error.KmsException.MalformedPolicyDocumentException;
import keywatch.kms.key.AccountRegion;
import keywatch.kms.protocol.Json;

/**
 * Key policies: the default policy AWS gives a key created without one, and the structural check
 * that refuses a malformed document instead of storing it (evaluation is the iam module's).
 */
final class Policies {
  static final int MAX_POLICY_CHARS = 32768;

  private Policies() {}

  /** AWS's default key policy: the account root has full access, which enables IAM policies. */
  static String defaultPolicy(AccountRegion ar) {
    return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
        + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n"
        + "    \"Principal\" : {\n      \"AWS\" : \"" + ar.rootPrincipalArn() + "\"\n    },\n"
        + "    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";
  }

  static String validate(String policy) {
    JsonNode doc;
    try {
      doc = Json.MAPPER.readTree(policy);
    } catch (Exception e) {
      throw new MalformedPolicyDocumentException("Policy contains invalid JSON");
    }
    if (doc == null || !doc.isObject()) {
      throw new MalformedPolicyDocumentException("Policy document must be a JSON object");
    }
    JsonNode statements = doc.get("Statement");
    if (statements == null || !(statements.isArray() || statements.isObject()) || statements.isEmpty()) {
      throw new MalformedPolicyDocumentException("Policy document must contain a Statement");
    }
    for (JsonNode s : statements.isArray() ? statements : Json.MAPPER.createArrayNode().add(statements)) {
      JsonNode effect = s.get("Effect");
      if (effect == null || !("Allow".equals(effect.asText()) || "Deny".equals(effect.asText()))) {
        throw new MalformedPolicyDocumentException("Every statement needs an Effect of Allow or Deny");
      }
      if (!s.has("Action") && !s.has("NotAction")) {
        throw new MalformedPolicyDocumentException("Every statement needs an Action or NotAction");
      }
      if (!s.has("Principal") && !s.has("NotPrincipal")) {
        throw new MalformedPolicyDocumentException("Every key policy statement needs a Principal or NotPrincipal");
      }
    }
    return policy;
  }
}
