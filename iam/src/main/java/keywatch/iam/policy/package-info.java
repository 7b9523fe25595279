/**
 * The IAM policy language and its evaluation, as AWS documents it; a pure library (no I/O).
 *
 * <p>Parse once, evaluate often: {@link keywatch.iam.policy.Policy#parse} validates a document the
 * way PutKeyPolicy and IAM do and builds an immutable AST ({@link keywatch.iam.policy.Statement}
 * and its element records, patterns compiled to {@link keywatch.iam.policy.Wildcard}, condition
 * values parsed to typed {@link keywatch.iam.policy.Condition.Operands}). A Policy is thread-safe;
 * cache it beside the stored document and drop it when the document changes.
 *
 * <p>{@link keywatch.iam.policy.PolicyEvaluator} decides one policy: explicit deny, allow (direct),
 * allow through an account principal, or the implicit deny. {@link keywatch.iam.policy.Authorization}
 * combines the key policy with the caller's identity policies as AWS KMS does.
 *
 * <p>Known differences from AWS: principals are not checked for existence (the caller of
 * {@code parse} can look them up in the {@link keywatch.iam.policy.PrincipalElement} values); the
 * 32 KiB limit counts characters (equal to bytes for ASCII policies); the KMS lockout safety check
 * (the new policy must let the caller PutKeyPolicy again) is left to the PutKeyPolicy operation,
 * which can evaluate the parsed policy for that.
 */
package keywatch.iam.policy;
