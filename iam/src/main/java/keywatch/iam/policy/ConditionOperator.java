package keywatch.iam.policy;

import java.util.HashMap;
import java.util.Map;

/**
 * A condition operator as written, e.g. {@code ForAllValues:StringLikeIfExists}: an optional set
 * operator, a comparison, and an optional {@code IfExists}. Names are case-sensitive, as in AWS.
 */
public record ConditionOperator(String name, SetOperator setOperator, Comparison comparison, boolean ifExists) {

    /** How a multi-valued request key is compared. */
    public enum SetOperator {
        /** No qualifier: a positive comparison holds if any request value matches; a negated one if none does. */
        NONE(""),
        /** {@code ForAnyValue:}: at least one request value satisfies the comparison; false when the key is absent. */
        FOR_ANY_VALUE("ForAnyValue:"),
        /** {@code ForAllValues:}: every request value satisfies the comparison; true when the key is absent or empty. */
        FOR_ALL_VALUES("ForAllValues:");

        private final String prefix;

        SetOperator(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    /** The operand family decides how policy values are parsed and compared. */
    public enum Family { STRING, NUMERIC, DATE, BOOL, BINARY, IP, ARN, NULL }

    /**
     * Each comparison is a positive test ({@code StringEquals}) or the negation of one
     * ({@code StringNotEquals} = not StringEquals over the same values).
     */
    public enum Comparison {
        STRING_EQUALS("StringEquals", Family.STRING, false),
        STRING_NOT_EQUALS("StringNotEquals", Family.STRING, true),
        STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Family.STRING, false),
        STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Family.STRING, true),
        STRING_LIKE("StringLike", Family.STRING, false),
        STRING_NOT_LIKE("StringNotLike", Family.STRING, true),
        NUMERIC_EQUALS("NumericEquals", Family.NUMERIC, false),
        NUMERIC_NOT_EQUALS("NumericNotEquals", Family.NUMERIC, true),
        NUMERIC_LESS_THAN("NumericLessThan", Family.NUMERIC, false),
        NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Family.NUMERIC, false),
        NUMERIC_GREATER_THAN("NumericGreaterThan", Family.NUMERIC, false),
        NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Family.NUMERIC, false),
        DATE_EQUALS("DateEquals", Family.DATE, false),
        DATE_NOT_EQUALS("DateNotEquals", Family.DATE, true),
        DATE_LESS_THAN("DateLessThan", Family.DATE, false),
        DATE_LESS_THAN_EQUALS("DateLessThanEquals", Family.DATE, false),
        DATE_GREATER_THAN("DateGreaterThan", Family.DATE, false),
        DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Family.DATE, false),
        BOOL("Bool", Family.BOOL, false),
        BINARY_EQUALS("BinaryEquals", Family.BINARY, false),
        IP_ADDRESS("IpAddress", Family.IP, false),
        NOT_IP_ADDRESS("NotIpAddress", Family.IP, true),
        ARN_EQUALS("ArnEquals", Family.ARN, false),
        ARN_LIKE("ArnLike", Family.ARN, false),
        ARN_NOT_EQUALS("ArnNotEquals", Family.ARN, true),
        ARN_NOT_LIKE("ArnNotLike", Family.ARN, true),
        NULL("Null", Family.NULL, false);

        private static final Map<String, Comparison> BY_NAME = new HashMap<>();

        static {
            for (Comparison c : values()) {
                BY_NAME.put(c.awsName, c);
            }
        }

        private final String awsName;
        private final Family family;
        private final boolean negated;

        Comparison(String awsName, Family family, boolean negated) {
            this.awsName = awsName;
            this.family = family;
            this.negated = negated;
        }

        public String awsName() {
            return awsName;
        }

        public Family family() {
            return family;
        }

        public boolean negated() {
            return negated;
        }

        static Comparison byName(String name) {
            return BY_NAME.get(name);
        }
    }

    /** Parses an operator name; {@code null} when AWS has no such operator. */
    public static ConditionOperator parse(String name) {
        String rest = name;
        SetOperator set = SetOperator.NONE;
        if (rest.startsWith(SetOperator.FOR_ANY_VALUE.prefix)) {
            set = SetOperator.FOR_ANY_VALUE;
            rest = rest.substring(SetOperator.FOR_ANY_VALUE.prefix.length());
        } else if (rest.startsWith(SetOperator.FOR_ALL_VALUES.prefix)) {
            set = SetOperator.FOR_ALL_VALUES;
            rest = rest.substring(SetOperator.FOR_ALL_VALUES.prefix.length());
        }
        boolean ifExists = false;
        Comparison c = Comparison.byName(rest);
        if (c == null && rest.endsWith("IfExists")) {
            ifExists = true;
            c = Comparison.byName(rest.substring(0, rest.length() - "IfExists".length()));
        }
        if (c == null) {
            return null;
        }
        // Null tests presence itself: it takes neither IfExists nor a set operator.
        if (c == Comparison.NULL && (ifExists || set != SetOperator.NONE)) {
            return null;
        }
        return new ConditionOperator(name, set, c, ifExists);
    }
}
