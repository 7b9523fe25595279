package keywatch.iam.admin;

import java.util.Map;
import keywatch.iam.policy.MalformedPolicyException;
import keywatch.iam.policy.Policy;
import keywatch.iam.policy.PolicyKind;

/**
 * The checks a policy document passes before IAM stores it: the grammar ({@link Policy#parse}),
 * then IAM's size quotas, which count characters other than whitespace and, for inline policies,
 * add up all the policies of one user or role.
 */
final class PolicyDocuments {
  /** The PolicyDocument parameter's own length constraint. */
  static final int MAX_PARAMETER_CHARS = 131_072;
  /** IAM's default quotas (non-whitespace characters). */
  static final int USER_INLINE_QUOTA = 2_048;
  static final int ROLE_INLINE_QUOTA = 10_240;
  static final int TRUST_POLICY_QUOTA = 2_048;
  /** What keywatch's database column holds, whitespace included. */
  static final int MAX_STORED_CHARS = 32_768;

  private PolicyDocuments() {}

  static void parse(String json, PolicyKind kind) {
    try {
      Policy.parse(json, kind);
    } catch (MalformedPolicyException e) {
      throw IamException.malformedPolicy(e.getMessage());
    }
    if (json.length() > MAX_STORED_CHARS) {
      throw IamException.limitExceeded("Policy documents are limited to " + MAX_STORED_CHARS
          + " characters including whitespace in keywatch; this one has " + json.length() + ".");
    }
  }

  /** An inline policy replacing {@code name} among {@code existing}, within the entity's aggregate quota. */
  static void checkInlineQuota(Map<String, String> existing, String name, String json, int quota, String entity) {
    long total = countNonWhitespace(json);
    for (Map.Entry<String, String> p : existing.entrySet()) {
      if (!p.getKey().equals(name)) {
        total += countNonWhitespace(p.getValue());
      }
    }
    if (total > quota) {
      throw IamException.limitExceeded("Maximum policy size of " + quota + " bytes exceeded for " + entity);
    }
  }

  static void checkTrustQuota(String json) {
    if (countNonWhitespace(json) > TRUST_POLICY_QUOTA) {
      throw IamException.limitExceeded("Cannot exceed quota for ACLSizePerRole: " + TRUST_POLICY_QUOTA);
    }
  }

  static long countNonWhitespace(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isWhitespace(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }
}
