package keywatch.watch.pattern;

import java.util.List;
import java.util.Objects;

/** The constraint on one space-delimited field: comparisons joined by {@code &&} and {@code ||}. */
public sealed interface FieldCondition
    permits FieldCondition.Compare, FieldCondition.All, FieldCondition.Any {

  record Compare(Operator operator, Value value) implements FieldCondition {
    public Compare {
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(value, "value");
    }
  }

  /** All must hold ({@code &&}); at least two parts, none of them an {@code All}. */
  record All(List<FieldCondition> parts) implements FieldCondition {
    public All {
      parts = List.copyOf(parts);
    }
  }

  /** At least one must hold ({@code ||}); at least two parts, none of them an {@code Any}. */
  record Any(List<FieldCondition> parts) implements FieldCondition {
    public Any {
      parts = List.copyOf(parts);
    }
  }
}
