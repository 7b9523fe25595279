package keywatch.iam.policy;

import java.util.List;

/**
 * The combination AWS KMS uses (its "key policies" and "IAM policies" pages):
 *
 * <ol>
 *   <li>Any explicit Deny, in the key policy or in any identity policy, wins.
 *   <li>A key policy Allow that names the caller directly allows.
 *   <li>A key policy Allow that names only the caller's account (the default key policy's
 *       "Enable IAM User Permissions" statement) delegates to that account's identity policies:
 *       the root needs none; anyone else needs an Allow in one of them.
 *   <li>Otherwise the implicit deny: identity policies alone never open a key.
 * </ol>
 *
 * <p>Cross-account: a caller from another account than the key's (the account in the key ARN)
 * needs an Allow from its own account's identity policies even when the key policy names it
 * directly, since AWS requires both the resource policy and the caller's account to grant
 * cross-account access. The other account's root needs none.
 */
public final class Authorization {
    private Authorization() {}

    /** Key policy first; ALLOW_VIA_ACCOUNT defers to the identity policies (any allow, no deny); any explicit deny anywhere wins. The root principal needs no identity policy. */
    public static Evaluation forKey(Policy keyPolicy, List<Policy> identityPolicies, RequestContext request) {
        Evaluation key = PolicyEvaluator.evaluate(keyPolicy, request);
        if (key.decision() == Decision.EXPLICIT_DENY) {
            return key;
        }
        Evaluation identityAllow = null;
        for (int i = 0, n = identityPolicies.size(); i < n; i++) {
            Evaluation e = PolicyEvaluator.evaluate(identityPolicies.get(i), request);
            if (e.decision() == Decision.EXPLICIT_DENY) {
                return e;
            }
            if (identityAllow == null && e.decision() != Decision.IMPLICIT_DENY) {
                identityAllow = e;
            }
        }
        return switch (key.decision()) {
            case ALLOW -> {
                if (isCrossAccount(request) && !request.isAccountRoot()) {
                    yield identityAllow == null ? Evaluation.IMPLICIT
                            : new Evaluation(Decision.ALLOW, identityAllow.decidingStatement());
                }
                yield key;
            }
            case ALLOW_VIA_ACCOUNT -> {
                if (request.isAccountRoot()) {
                    yield new Evaluation(Decision.ALLOW, key.decidingStatement());
                }
                yield identityAllow == null ? Evaluation.IMPLICIT
                        : new Evaluation(Decision.ALLOW, identityAllow.decidingStatement());
            }
            default -> Evaluation.IMPLICIT;
        };
    }

    /**
     * KMS's lockout safety check for PutKeyPolicy and CreateKey (unless
     * BypassPolicyLockoutSafetyCheck): the new key policy, with the caller's identity policies, must
     * let the same caller call PutKeyPolicy on the key again.
     *
     * @param request the PutKeyPolicy (or CreateKey) request; its action is replaced by
     *                {@code kms:PutKeyPolicy} and its resource must be the key's ARN
     * @throws MalformedPolicyException with {@link MalformedPolicyException#LOCKOUT_MESSAGE}
     */
    public static void checkLockoutSafety(Policy newKeyPolicy, List<Policy> identityPolicies, RequestContext request) {
        RequestContext put = new RequestContext(request.principalArn(), request.principalIdentifiers(),
                request.principalAccount(), "kms:PutKeyPolicy", request.resource(), request.conditionKeys());
        if (!forKey(newKeyPolicy, identityPolicies, put).allowed()) {
            throw new MalformedPolicyException(MalformedPolicyException.LOCKOUT_MESSAGE, "");
        }
    }

    private static boolean isCrossAccount(RequestContext request) {
        String caller = request.principalAccount();
        if (caller == null) {
            return false; // a service principal: the key policy alone decides
        }
        String owner = request.resourceAccount();
        return owner != null && !owner.equals(caller);
    }

    /** Actions with no key resource (CreateKey, ListKeys, GenerateRandom, ...): identity policies only; root is always allowed. */
    public static Evaluation forAccount(List<Policy> identityPolicies, RequestContext request) {
        if (request.isAccountRoot()) {
            return new Evaluation(Decision.ALLOW, null);
        }
        Evaluation allow = null;
        for (int i = 0, n = identityPolicies.size(); i < n; i++) {
            Evaluation e = PolicyEvaluator.evaluate(identityPolicies.get(i), request);
            if (e.decision() == Decision.EXPLICIT_DENY) {
                return e;
            }
            if (allow == null && e.decision() != Decision.IMPLICIT_DENY) {
                allow = e;
            }
        }
        return allow == null ? Evaluation.IMPLICIT : new Evaluation(Decision.ALLOW, allow.decidingStatement());
    }
}
