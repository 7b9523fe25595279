package keywatch.iam.policy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * Decides a statement's Condition block against a request, as AWS documents it:
 * every operator and every key in the block must hold (AND); any one policy value may match (OR).
 *
 * <ul>
 *   <li>Key absent from the request: {@code ...IfExists} holds; {@code ForAllValues:} holds;
 *       {@code ForAnyValue:} fails; otherwise a positive operator fails and a negated one
 *       ({@code StringNotEquals}, {@code NotIpAddress}, ...) holds. {@code Null} tests exactly that.
 *   <li>Key present, no set operator: a positive operator holds when some request value matches some
 *       policy value; a negated one when no request value does.
 *   <li>{@code ForAnyValue:}: some request value satisfies the operator (for a negated operator:
 *       matches none of the policy values). {@code ForAllValues:}: every request value does.
 *   <li>A request value that cannot be read for its operator (not a number, not a date, not an
 *       address) matches nothing.
 * </ul>
 */
final class ConditionEvaluator {
    private ConditionEvaluator() {}

    static boolean all(List<Condition> conditions, RequestContext request) {
        for (int i = 0, n = conditions.size(); i < n; i++) {
            if (!holds(conditions.get(i), request)) {
                return false;
            }
        }
        return true;
    }

    static boolean holds(Condition c, RequestContext request) {
        ConditionOperator op = c.operator();
        List<String> values = request.valuesLower(c.key());
        boolean absent = values == null || values.isEmpty();
        if (c.operands() instanceof Condition.Operands.Presence presence) {
            for (Boolean mustBeAbsent : presence.mustBeAbsent()) {
                if (mustBeAbsent == absent) {
                    return true;
                }
            }
            return false;
        }
        boolean negated = op.comparison().negated();
        if (absent) {
            if (op.ifExists()) {
                return true;
            }
            return switch (op.setOperator()) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> false;
                case NONE -> negated;
            };
        }
        switch (op.setOperator()) {
            case NONE -> {
                for (int i = 0, n = values.size(); i < n; i++) {
                    if (positive(c, values.get(i), request)) {
                        return !negated;
                    }
                }
                return negated;
            }
            case FOR_ANY_VALUE -> {
                for (int i = 0, n = values.size(); i < n; i++) {
                    if (positive(c, values.get(i), request) != negated) {
                        return true;
                    }
                }
                return false;
            }
            default -> {
                for (int i = 0, n = values.size(); i < n; i++) {
                    if (positive(c, values.get(i), request) == negated) {
                        return false;
                    }
                }
                return true;
            }
        }
    }

    /** Whether one request value matches any of the policy's values under the positive form of the operator. */
    private static boolean positive(Condition c, String value, RequestContext request) {
        ConditionOperator.Comparison cmp = c.operator().comparison();
        Condition.Operands operands = c.operands();
        if (operands instanceof Condition.Operands.Strings s) {
            for (Wildcard w : s.patterns()) {
                if (w.matches(value, request)) {
                    return true;
                }
            }
            return false;
        }
        if (operands instanceof Condition.Operands.Numbers ns) {
            BigDecimal v = PolicyValues.number(value);
            if (v == null) {
                return false;
            }
            for (BigDecimal p : ns.numbers()) {
                if (ordered(cmp, v.compareTo(p))) {
                    return true;
                }
            }
            return false;
        }
        if (operands instanceof Condition.Operands.Dates ds) {
            Instant v = PolicyValues.date(value);
            if (v == null) {
                return false;
            }
            for (Instant p : ds.instants()) {
                if (ordered(cmp, v.compareTo(p))) {
                    return true;
                }
            }
            return false;
        }
        if (operands instanceof Condition.Operands.Bools bs) {
            Boolean v = PolicyValues.bool(value);
            return v != null && bs.bools().contains(v);
        }
        if (operands instanceof Condition.Operands.Networks nets) {
            for (IpNetwork n : nets.networks()) {
                if (n.contains(value)) {
                    return true;
                }
            }
            return false;
        }
        if (operands instanceof Condition.Operands.Arns arns) {
            String[] fields = null;
            for (List<Wildcard> p : arns.fieldPatterns()) {
                if (p.size() == 1) {
                    if (p.get(0).matches(value, request)) {
                        return true;
                    }
                    continue;
                }
                if (fields == null) {
                    fields = Wildcard.arnFields(value, false);
                    if (fields == null) {
                        continue;
                    }
                }
                boolean all = true;
                for (int f = 0; f < 6 && all; f++) {
                    all = p.get(f).matches(fields[f], request);
                }
                if (all) {
                    return true;
                }
            }
            return false;
        }
        if (operands instanceof Condition.Operands.Binaries bins) {
            byte[] v = PolicyValues.binary(value);
            return v != null && bins.bytes().contains(ByteBuffer.wrap(v));
        }
        return false;
    }

    /** Equals-type comparisons (and their Not forms, negated by the caller) test 0; the rest test order. */
    private static boolean ordered(ConditionOperator.Comparison cmp, int sign) {
        return switch (cmp) {
            case NUMERIC_LESS_THAN, DATE_LESS_THAN -> sign < 0;
            case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> sign <= 0;
            case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> sign > 0;
            case NUMERIC_GREATER_THAN_EQUALS, DATE_GREATER_THAN_EQUALS -> sign >= 0;
            default -> sign == 0;
        };
    }
}
