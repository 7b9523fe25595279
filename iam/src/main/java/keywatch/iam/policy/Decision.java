package keywatch.iam.policy;

/** The outcome of evaluating one policy (or, from {@link Authorization}, all of them) for one request. */
public enum Decision {
    /** A matching Allow names the caller directly (or, in an identity policy, any matching Allow). */
    ALLOW,
    /** A matching Allow names only the caller's account: the account's identity policies decide. */
    ALLOW_VIA_ACCOUNT,
    /** A matching Deny: nothing else can overturn it. */
    EXPLICIT_DENY,
    /** Nothing matched. */
    IMPLICIT_DENY;

    public boolean allowed() {
        return this == ALLOW;
    }
}
