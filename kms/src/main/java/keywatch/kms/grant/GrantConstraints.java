package keywatch.kms.grant;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A grant's encryption-context constraints. {@code EncryptionContextEquals}: the request's context
 * must be exactly this one. {@code EncryptionContextSubset}: the request's context must contain
 * every pair of this one, and may hold more. Keys and values compare exactly (case-sensitive).
 * Either map may be empty, meaning that constraint is absent; both absent means no constraint.
 */
public record GrantConstraints(Map<String, String> equalsContext, Map<String, String> subsetContext) {
  public static final GrantConstraints NONE = new GrantConstraints(Map.of(), Map.of());

  public GrantConstraints {
    equalsContext = Collections.unmodifiableMap(new LinkedHashMap<>(equalsContext));
    subsetContext = Collections.unmodifiableMap(new LinkedHashMap<>(subsetContext));
  }

  public boolean hasEquals() {
    return !equalsContext.isEmpty();
  }

  public boolean hasSubset() {
    return !subsetContext.isEmpty();
  }

  public boolean isEmpty() {
    return !hasEquals() && !hasSubset();
  }

  /** Whether a request with {@code context} satisfies these constraints. */
  public boolean holdFor(Map<String, String> context) {
    if (hasEquals() && !equalsContext.equals(context)) {
      return false;
    }
    return !hasSubset() || contains(context, subsetContext);
  }

  /**
   * Whether a grant with these constraints is at least as strict as one with {@code parent}'s: a
   * grantee may pass on its CreateGrant permission only with equal or stricter constraints.
   */
  public boolean atLeastAsStrictAs(GrantConstraints parent) {
    if (parent.hasEquals()) {
      // Only the very same exact context is as strict as an exact context.
      return hasEquals() && equalsContext.equals(parent.equalsContext)
          && (!hasSubset() || contains(parent.equalsContext, subsetContext));
    }
    if (parent.hasSubset()) {
      return (hasEquals() && contains(equalsContext, parent.subsetContext))
          || (hasSubset() && contains(subsetContext, parent.subsetContext));
    }
    return true;
  }

  private static boolean contains(Map<String, String> outer, Map<String, String> inner) {
    for (Map.Entry<String, String> e : inner.entrySet()) {
      if (!e.getValue().equals(outer.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
