package keywatch.iam.policy;

import java.util.List;

/**
 * A statement's Principal ({@code negated == false}) or NotPrincipal.
 *
 * @param anyone true for {@code "*"} or {@code {"AWS": "*"}}
 * @param values every named principal, in document order
 */
public record PrincipalElement(boolean negated, boolean anyone, List<PrincipalValue> values) {

    public PrincipalElement {
        values = List.copyOf(values);
    }

    /** The kind of principal, one to one with the keys of a Principal object. */
    public enum Type {
        AWS("AWS"), SERVICE("Service"), FEDERATED("Federated"), CANONICAL_USER("CanonicalUser");

        private final String awsName;

        Type(String awsName) {
            this.awsName = awsName;
        }

        public String awsName() {
            return awsName;
        }
    }

    /**
     * One named principal.
     *
     * @param account the 12-digit account when the value names a whole account (the id itself or
     *                {@code arn:aws:iam::<account>:root}); otherwise {@code null}
     */
    public record PrincipalValue(Type type, String value, String account) {}
}
