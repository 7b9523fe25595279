package keywatch.iam.policy;

/**
 * A decision and the statement that made it ({@code null} for {@link Decision#IMPLICIT_DENY}, and for
 * the account root's allow in {@link Authorization#forAccount}).
 */
public record Evaluation(Decision decision, Statement decidingStatement) {
    static final Evaluation IMPLICIT = new Evaluation(Decision.IMPLICIT_DENY, null);

    public Evaluation {
        if (decision == null) {
            throw new NullPointerException("decision");
        }
    }

    public boolean allowed() {
        return decision == Decision.ALLOW;
    }

    /** The deciding statement's Sid, or {@code null}. */
    public String decidingSid() {
        return decidingStatement == null ? null : decidingStatement.sid();
    }
}
