package keywatch.iam.policy;

import java.util.List;

/**
 * A statement's Resource ({@code negated == false}) or NotResource: case-sensitive wildcard
 * patterns over the whole ARN, with policy variables when the Version allows them.
 */
public record ResourceElement(boolean negated, List<Wildcard> patterns) {

    public ResourceElement {
        patterns = List.copyOf(patterns);
    }

    /** A null resource (an action on no resource, like CreateKey) is matched only by {@code "*"}. */
    boolean matches(String resource, RequestContext request) {
        boolean any = false;
        for (Wildcard p : patterns) {
            if (resource == null ? p.matchesEverything() : p.matches(resource, request)) {
                any = true;
                break;
            }
        }
        return negated != any;
    }
}
