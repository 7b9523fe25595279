package keywatch.iam.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything about one request that a policy can test. Condition key names are case-insensitive
 * (they are stored lower-cased); values are multi-valued (a list per key).
 *
 * <p>{@code principalIdentifiers}: every value a Principal element may name to match THIS caller
 * directly. An IAM user: its user ARN. An assumed-role session: the session ARN
 * ({@code arn:aws:sts::acct:assumed-role/R/S}) and the role ARN ({@code arn:aws:iam::acct:role/R}).
 * The root: {@code arn:aws:iam::acct:root}. A service: its service principal name. {@code "*"}
 * matches everyone without being listed. A Principal naming the ACCOUNT (the account id or its root
 * ARN) matches any principal of that account, but for a non-root caller that is an account match
 * (delegation to identity policies), not a direct one.
 *
 * <p>Derived keys: when the request does not set them, {@code aws:PrincipalArn} (the role ARN for
 * an assumed-role session, else {@code principalArn}), {@code aws:PrincipalAccount} and
 * {@code kms:CallerAccount} are filled in from the principal, so policies can test them.
 */
public record RequestContext(String principalArn, Set<String> principalIdentifiers, String principalAccount,
        String action, String resource, Map<String, List<String>> conditionKeys) {

    public RequestContext {
        principalIdentifiers = principalIdentifiers == null ? Set.of() : Set.copyOf(principalIdentifiers);
        Map<String, List<String>> keys = new HashMap<>();
        if (conditionKeys != null) {
            for (Map.Entry<String, List<String>> e : conditionKeys.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    continue;
                }
                List<String> values = new ArrayList<>(e.getValue().size());
                for (String v : e.getValue()) {
                    if (v != null) {
                        values.add(v);
                    }
                }
                keys.merge(normalizeKey(e.getKey()), List.copyOf(values), RequestContext::concat);
            }
        }
        String principalArnKey = principalArnForConditions(principalArn, principalIdentifiers);
        if (principalArnKey != null) {
            keys.putIfAbsent("aws:principalarn", List.of(principalArnKey));
        }
        if (principalAccount != null) {
            keys.putIfAbsent("aws:principalaccount", List.of(principalAccount));
            keys.putIfAbsent("kms:calleraccount", List.of(principalAccount));
        }
        conditionKeys = Map.copyOf(keys);
    }

    /** The values of a condition key (any case), or {@code null} when the request has none. */
    public List<String> values(String conditionKey) {
        return conditionKeys.get(normalizeKey(conditionKey));
    }

    List<String> valuesLower(String lowerKey) {
        return conditionKeys.get(lowerKey);
    }

    /** Whether the caller is the root user of {@link #principalAccount()}. */
    public boolean isAccountRoot() {
        if (principalAccount == null || principalArn == null || !principalArn.startsWith("arn:")
                || !principalArn.endsWith(":root")) {
            return false;
        }
        // ...:iam::<account>:root, compared in place: this runs on every evaluation.
        int accountStart = principalArn.length() - ":root".length() - principalAccount.length();
        return accountStart >= 6 + 4
                && principalArn.regionMatches(accountStart, principalAccount, 0, principalAccount.length())
                && principalArn.regionMatches(accountStart - 6, ":iam::", 0, 6);
    }

    /** The account field of the resource ARN, or null when the resource is not an ARN. */
    String resourceAccount() {
        if (resource == null || !resource.startsWith("arn:")) {
            return null;
        }
        String[] f = Wildcard.arnFields(resource, false);
        return f == null || f[4].isEmpty() ? null : f[4];
    }

    static String normalizeKey(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** aws:PrincipalArn is the role, not the session, for an assumed role (AWS's global key doc). */
    private static String principalArnForConditions(String principalArn, Collection<String> identifiers) {
        if (principalArn == null) {
            return null;
        }
        int marker = principalArn.indexOf(":assumed-role/");
        if (!principalArn.startsWith("arn:") || marker < 0) {
            return principalArn;
        }
        String rest = principalArn.substring(marker + ":assumed-role/".length());
        int slash = rest.indexOf('/');
        String roleName = slash < 0 ? rest : rest.substring(0, slash);
        for (String id : identifiers) {
            if (id.contains(":role/") && (id.endsWith("/" + roleName))) {
                return id;
            }
        }
        String[] f = Wildcard.arnFields(principalArn, false);
        return f == null ? principalArn : "arn:" + f[1] + ":iam::" + f[4] + ":role/" + roleName;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder, for callers that would rather not pass six positional arguments. */
    public static final class Builder {
        private String principalArn;
        private final Set<String> principalIdentifiers = new LinkedHashSet<>();
        private String principalAccount;
        private String action;
        private String resource;
        private final Map<String, List<String>> conditionKeys = new HashMap<>();

        public Builder principalArn(String arn) {
            this.principalArn = arn;
            return this;
        }

        public Builder principalIdentifiers(Collection<String> ids) {
            principalIdentifiers.addAll(ids);
            return this;
        }

        public Builder principalIdentifier(String id) {
            principalIdentifiers.add(id);
            return this;
        }

        public Builder principalAccount(String account) {
            this.principalAccount = account;
            return this;
        }

        public Builder action(String action) {
            this.action = action;
            return this;
        }

        public Builder resource(String resource) {
            this.resource = resource;
            return this;
        }

        public Builder condition(String key, String... values) {
            conditionKeys.merge(key, List.of(values), RequestContext::concat);
            return this;
        }

        public Builder condition(String key, List<String> values) {
            conditionKeys.merge(key, List.copyOf(values), RequestContext::concat);
            return this;
        }

        public RequestContext build() {
            return new RequestContext(principalArn, principalIdentifiers, principalAccount, action, resource,
                    conditionKeys);
        }
    }
}
