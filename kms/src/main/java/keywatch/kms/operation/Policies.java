package keywatch.kms.operation;

import keywatch.iam.policy.MalformedPolicyException;
import keywatch.iam.policy.Policy;
import keywatch.iam.policy.PolicyKind;
import keywatch.kms.error.KmsException.LimitExceededException;
import keywatch.kms.error.KmsException.MalformedPolicyDocumentException;
import keywatch.kms.key.AccountRegion;

/**
 * Key policies: the default policy AWS gives a key created without one, and the check that
 * refuses a malformed document instead of storing it. The check is the iam module's full parser
 * (the one evaluation uses), so a stored policy is always one that can be evaluated.
 */
final class Policies {
  private Policies() {}

  /** AWS's default key policy: the account root has full access, which enables IAM policies. */
  static String defaultPolicy(AccountRegion ar) {
    return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
        + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n"
        + "    \"Principal\" : {\n      \"AWS\" : \"" + ar.rootPrincipalArn() + "\"\n    },\n"
        + "    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";
  }

  /**
   * Returns {@code policy} unchanged if it parses as a key policy.
   *
   * @throws MalformedPolicyDocumentException with the parser's message (statement, Sid, element)
   * @throws LimitExceededException when the document is over the key policy quota (32,768
   *     characters), which the parser enforces
   */
  static String validate(String policy) {
    try {
      Policy.parse(policy, PolicyKind.KEY_POLICY);
    } catch (MalformedPolicyException e) {
      if (e.sizeLimitExceeded()) {
        throw new LimitExceededException(e.getMessage());
      }
      throw new MalformedPolicyDocumentException(e.getMessage());
    }
    return policy;
  }
}
