package keywatch.iam.policy;

import java.util.List;

/** A statement's Action ({@code negated == false}) or NotAction: case-insensitive wildcard patterns. */
public record ActionElement(boolean negated, List<Wildcard> patterns) {

    public ActionElement {
        patterns = List.copyOf(patterns);
    }

    boolean matches(String action) {
        boolean any = false;
        if (action != null) {
            for (Wildcard p : patterns) {
                if (p.matches(action, null)) {
                    any = true;
                    break;
                }
            }
        }
        return negated != any;
    }
}
