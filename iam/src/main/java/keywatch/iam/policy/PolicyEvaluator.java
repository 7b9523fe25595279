package keywatch.iam.policy;

import java.util.List;
import java.util.Set;

/**
 * Evaluates one policy for one request.
 *
 * <p>Design: every statement is tested in document order with plain loops, cheapest test first
 * (action, then resource, then principal, then conditions), and the first matching Deny ends the
 * walk. Nothing is allocated on the common path: patterns were compiled by the parser, request keys
 * were lower-cased by {@link RequestContext}. The result is {@link Decision#EXPLICIT_DENY} for any
 * matching Deny; else {@link Decision#ALLOW} when a matching Allow names the caller directly (or
 * the policy is an identity policy); else {@link Decision#ALLOW_VIA_ACCOUNT} when an Allow matches
 * only through an account principal; else {@link Decision#IMPLICIT_DENY}.
 *
 * <p>Evaluation never throws on a well-formed {@link Policy}: a request value that cannot be parsed
 * for its operator (a date that is not a date) simply does not match.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    /** How a Principal element matched the caller. */
    enum PrincipalMatch { NONE, ACCOUNT, DIRECT }

    public static Evaluation evaluate(Policy policy, RequestContext request) {
        boolean identity = policy.kind() == PolicyKind.IDENTITY;
        Statement directAllow = null;
        Statement accountAllow = null;
        List<Statement> statements = policy.statements();
        for (int i = 0, n = statements.size(); i < n; i++) {
            Statement s = statements.get(i);
            if (!s.action().matches(request.action())) {
                continue;
            }
            if (s.resource() != null && !s.resource().matches(request.resource(), request)) {
                continue;
            }
            PrincipalMatch pm = identity ? PrincipalMatch.DIRECT : principal(s.principal(), request);
            if (pm == PrincipalMatch.NONE) {
                continue;
            }
            if (s.effect() == Effect.ALLOW && (pm == PrincipalMatch.DIRECT ? directAllow != null : accountAllow != null)) {
                continue; // already have an allow of this strength; only a deny can change the answer
            }
            if (!ConditionEvaluator.all(s.conditions(), request)) {
                continue;
            }
            if (s.effect() == Effect.DENY) {
                // A Deny naming the account applies to every principal in it.
                return new Evaluation(Decision.EXPLICIT_DENY, s);
            }
            if (pm == PrincipalMatch.DIRECT) {
                directAllow = s;
            } else {
                accountAllow = s;
            }
        }
        if (directAllow != null) {
            return new Evaluation(Decision.ALLOW, directAllow);
        }
        if (accountAllow != null) {
            return new Evaluation(Decision.ALLOW_VIA_ACCOUNT, accountAllow);
        }
        return Evaluation.IMPLICIT;
    }

    static PrincipalMatch principal(PrincipalElement p, RequestContext r) {
        if (p == null) {
            return PrincipalMatch.DIRECT;
        }
        return p.negated() ? notPrincipal(p, r) : named(p, r);
    }

    private static PrincipalMatch named(PrincipalElement p, RequestContext r) {
        if (p.anyone()) {
            return PrincipalMatch.DIRECT;
        }
        Set<String> ids = r.principalIdentifiers();
        String account = r.principalAccount();
        PrincipalMatch best = PrincipalMatch.NONE;
        List<PrincipalElement.PrincipalValue> values = p.values();
        for (int i = 0, n = values.size(); i < n; i++) {
            PrincipalElement.PrincipalValue v = values.get(i);
            if (v.account() != null) {
                if (v.account().equals(account)) {
                    if (r.isAccountRoot()) {
                        return PrincipalMatch.DIRECT;
                    }
                    best = PrincipalMatch.ACCOUNT;
                }
            } else if (ids.contains(v.value())) {
                return PrincipalMatch.DIRECT;
            }
        }
        return best;
    }

    /**
     * NotPrincipal excludes a caller only when it names the caller's account (its id or root ARN)
     * and every identity of the caller (for a session: both the session ARN and the role ARN), as
     * AWS documents for NotPrincipal with Deny: naming only the role still denies the session,
     * because the session and the account are evaluated too. A caller with no account (a service)
     * is excluded when all its identities are named. A match is direct, like {@code "*"}.
     */
    private static PrincipalMatch notPrincipal(PrincipalElement p, RequestContext r) {
        if (p.anyone()) {
            return PrincipalMatch.NONE;
        }
        String account = r.principalAccount();
        boolean accountNamed = false;
        for (PrincipalElement.PrincipalValue v : p.values()) {
            if (v.account() != null && v.account().equals(account)) {
                accountNamed = true;
                break;
            }
        }
        boolean excluded;
        if (account != null && r.isAccountRoot()) {
            excluded = accountNamed;
        } else {
            excluded = (account == null || accountNamed) && allNamed(p, r.principalIdentifiers());
        }
        return excluded ? PrincipalMatch.NONE : PrincipalMatch.DIRECT;
    }

    private static boolean allNamed(PrincipalElement p, Set<String> ids) {
        if (ids.isEmpty()) {
            return false;
        }
        for (String id : ids) {
            boolean named = false;
            for (PrincipalElement.PrincipalValue v : p.values()) {
                if (v.value().equals(id)) {
                    named = true;
                    break;
                }
            }
            if (!named) {
                return false;
            }
        }
        return true;
    }
}
