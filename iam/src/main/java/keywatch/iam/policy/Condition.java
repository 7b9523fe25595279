package keywatch.iam.policy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.math.BigDecimal;
import java.util.List;

/**
 * One test of a Condition block: an operator, a context key and the policy's values (any one may
 * match: OR). The policy values are parsed once into typed {@link Operands}.
 *
 * @param key    the context key, lower-cased (key names are case-insensitive)
 * @param values the values as written (numbers and booleans as their JSON text)
 */
public record Condition(ConditionOperator operator, String key, List<String> values, Operands operands) {

    public Condition {
        values = List.copyOf(values);
    }

    /** Policy values parsed for their operator family. */
    public sealed interface Operands {
        /** StringEquals/Like and their IgnoreCase and Not forms. */
        record Strings(List<Wildcard> patterns) implements Operands {}

        record Numbers(List<BigDecimal> numbers) implements Operands {}

        record Dates(List<Instant> instants) implements Operands {}

        record Bools(List<Boolean> bools) implements Operands {}

        record Binaries(List<ByteBuffer> bytes) implements Operands {}

        record Networks(List<IpNetwork> networks) implements Operands {}

        /** Each ARN pattern as six field patterns, or one whole-string pattern when it has fewer fields. */
        record Arns(List<List<Wildcard>> fieldPatterns) implements Operands {}

        /** Null: {@code true} means "the key must be absent". */
        record Presence(List<Boolean> mustBeAbsent) implements Operands {}
    }
}
