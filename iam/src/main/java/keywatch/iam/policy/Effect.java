package keywatch.iam.policy;

/** A statement's Effect, one to one with AWS's strings. */
public enum Effect {
    ALLOW("Allow"), DENY("Deny");

    private final String awsName;

    Effect(String awsName) {
        this.awsName = awsName;
    }

    public String awsName() {
        return awsName;
    }
}
