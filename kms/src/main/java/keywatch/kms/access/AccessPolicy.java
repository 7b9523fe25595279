package keywatch.kms.access;

import java.util.List;
import java.util.Map;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;

/** Whether a caller may perform a KMS action, on a key (its key policy decides first) or on the account. */
public interface AccessPolicy {
  /**
   * Returns normally if allowed; throws {@link keywatch.kms.error.KmsException.AccessDeniedException}
   * otherwise.
   *
   * @param key null for actions on the account (CreateKey, ListKeys, ListAliases, GenerateRandom)
   * @param conditionKeys the KMS condition keys of the request, names lower-cased
   */
  void authorize(Caller caller, String action, KmsKey key, Map<String, List<String>> conditionKeys);

  /**
   * Whether a policy explicitly denies the action. A grant may allow what the policies only fail
   * to allow, never what one of them denies ("explicitly allowed, and never denied, in a key
   * policy, IAM policy, or grant"). A policy without deny statements answers false.
   */
  default boolean explicitlyDenies(Caller caller, String action, KmsKey key, Map<String, List<String>> conditionKeys) {
    return false;
  }
}
