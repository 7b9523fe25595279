package keywatch.iam.authz;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import keywatch.iam.policy.Authorization;
import keywatch.iam.policy.Evaluation;
import keywatch.iam.policy.Policy;
import keywatch.iam.policy.PolicyEvaluator;
import keywatch.iam.policy.PolicyKind;
import keywatch.iam.policy.RequestContext;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Principal;

/**
 * Decides whether a principal may perform an action: on a resource with its own policy (a key
 * policy, a role's trust policy), or on the account. Builds the request context with the global
 * condition keys AWS sets, and caches parsed policies by their text (a changed policy is a new
 * text, so the cache never serves a stale one).
 */
public final class Authorizer {
  private static final int MAX_CACHED_POLICIES = 10_000;

  private final IdentityStore identities;
  private final Clock clock;
  private final Map<String, Policy> parsed = new ConcurrentHashMap<>();

  public Authorizer(IdentityStore identities, Clock clock) {
    this.identities = identities;
    this.clock = clock;
  }

  /** The request facts a condition may test beyond the principal: source IP, region, service keys. */
  public record Call(String sourceIp, String region, Map<String, List<String>> serviceKeys) {}

  public Evaluation onResource(Principal principal, String resourcePolicy, PolicyKind kind, String action,
      String resourceArn, Call call) {
    return Authorization.forKey(policy(resourcePolicy, kind), identityPolicies(principal),
        context(principal, action, resourceArn, call));
  }

  /**
   * The resource policy's own verdict, before any identity policy: ALLOW_VIA_ACCOUNT when it
   * delegates to the caller's account. For telling a denied caller which kind of policy is missing.
   */
  public Evaluation resourcePolicyAlone(Principal principal, String resourcePolicy, PolicyKind kind, String action,
      String resourceArn, Call call) {
    return PolicyEvaluator.evaluate(policy(resourcePolicy, kind), context(principal, action, resourceArn, call));
  }

  public Evaluation onAccount(Principal principal, String action, Call call) {
    return onAccount(principal, action, "*", call);
  }

  /**
   * As {@link #onAccount(Principal, String, Call)}, for an action on a resource without a policy of
   * its own (an IAM user or role): identity policies only, matched against {@code resourceArn}.
   */
  public Evaluation onAccount(Principal principal, String action, String resourceArn, Call call) {
    return Authorization.forAccount(identityPolicies(principal), context(principal, action, resourceArn, call));
  }

  /** A parsed policy, from the cache when this exact text was parsed before. */
  public Policy policy(String json, PolicyKind kind) {
    String cacheKey = kind.name() + "\n" + json;
    Policy p = parsed.get(cacheKey);
    if (p == null) {
      p = Policy.parse(json, kind);
      if (parsed.size() >= MAX_CACHED_POLICIES) {
        parsed.clear();
      }
      parsed.put(cacheKey, p);
    }
    return p;
  }

  /** The inline identity policies attached to the principal (none for the root). */
  public List<Policy> identityPolicies(Principal principal) {
    List<Policy> out = new ArrayList<>();
    Map<String, String> docs = Map.of();
    if (principal instanceof Principal.IamUser u) {
      docs = identities.user(u.accountId(), u.userName()).map(x -> x.policies()).orElse(Map.of());
    } else if (principal instanceof Principal.AssumedRole a) {
      docs = identities.role(a.accountId(), a.roleName()).map(x -> x.policies()).orElse(Map.of());
    }
    for (String doc : docs.values()) {
      out.add(policy(doc, PolicyKind.IDENTITY));
    }
    return out;
  }

  private RequestContext context(Principal principal, String action, String resource, Call call) {
    Instant now = clock.instant();
    Map<String, List<String>> keys = new HashMap<>(call.serviceKeys());
    // aws:PrincipalArn (the role's ARN for a session), aws:PrincipalAccount and kms:CallerAccount
    // are derived from the principal by RequestContext itself.
    keys.put("aws:principaltype", List.of(principal.type()));
    keys.put("aws:userid", List.of(principal.principalId()));
    if (principal instanceof Principal.IamUser u) {
      keys.put("aws:username", List.of(u.userName()));
    }
    keys.put("aws:currenttime", List.of(now.toString()));
    keys.put("aws:epochtime", List.of(Long.toString(now.getEpochSecond())));
    keys.put("aws:securetransport", List.of("false"));
    if (call.sourceIp() != null) {
      keys.put("aws:sourceip", List.of(call.sourceIp()));
    }
    if (call.region() != null) {
      keys.put("aws:requestedregion", List.of(call.region()));
    }
    return new RequestContext(principal.arn(), principal.policyIdentifiers(), principal.accountId(), action, resource, keys);
  }
}
