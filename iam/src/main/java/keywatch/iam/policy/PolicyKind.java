package keywatch.iam.policy;

/** Where a policy document is attached; decides which elements it must, may and may not have. */
public enum PolicyKind {
    /** A KMS key policy (a resource policy): every statement names a Principal or NotPrincipal; 32 KiB at most. */
    KEY_POLICY,
    /** An identity policy on a user or role: Principal and NotPrincipal are forbidden. */
    IDENTITY,
    /** A role's trust policy: Principal required, only sts: actions, no Resource. */
    TRUST
}
