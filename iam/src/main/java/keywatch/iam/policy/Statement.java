package keywatch.iam.policy;

import java.util.List;

/**
 * One statement of a parsed policy; immutable.
 *
 * @param index      its position in the document, from 0
 * @param sid        its Sid, or {@code null}
 * @param principal  Principal or NotPrincipal; {@code null} in an identity policy, where there is none
 * @param action     Action or NotAction; an empty Action matches nothing (a key policy statement
 *                   with no Action is accepted by KMS but has no effect)
 * @param resource   Resource or NotResource; {@code null} in a trust policy (the resource is the role
 *                   itself); empty matches nothing, as for action
 * @param conditions all must hold (AND); empty when there is no Condition
 */
public record Statement(int index, String sid, Effect effect, PrincipalElement principal, ActionElement action,
        ResourceElement resource, List<Condition> conditions) {

    public Statement {
        conditions = List.copyOf(conditions);
    }

    /** A short name for messages: the Sid, or the position. */
    public String label() {
        return sid != null && !sid.isEmpty() ? "Sid \"" + sid + "\"" : "statement #" + (index + 1);
    }
}
