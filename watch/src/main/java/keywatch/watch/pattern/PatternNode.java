package keywatch.watch.pattern;

import java.util.List;
import java.util.Objects;

/**
 * The root of a parsed filter pattern: one of the four kinds AWS documents, or the empty pattern.
 * Every node is an immutable record; {@link PatternPrinter} turns a node back into pattern text.
 */
public sealed interface PatternNode
    permits PatternNode.MatchAll,
        PatternNode.TextPattern,
        PatternNode.RegexPattern,
        PatternNode.DelimitedPattern,
        PatternNode.JsonPattern {

  /** The empty (or all-blank) pattern: matches every event. */
  record MatchAll() implements PatternNode {
    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** Unstructured text terms: plain, {@code ?} (any of) and {@code -} (none of). */
  record TextPattern(List<TextTerm> terms) implements PatternNode {
    public TextPattern {
      terms = List.copyOf(terms);
      if (terms.isEmpty()) {
        throw new IllegalArgumentException("a text pattern needs at least one term");
      }
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** A standalone {@code %regex%} pattern, searched anywhere in the message. */
  record RegexPattern(String regex) implements PatternNode {
    public RegexPattern {
      Objects.requireNonNull(regex, "regex");
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** A space-delimited pattern {@code [f1, f2 = x, ..., fn]}. */
  record DelimitedPattern(List<DelimitedField> fields) implements PatternNode {
    public DelimitedPattern {
      fields = List.copyOf(fields);
      if (fields.isEmpty()) {
        throw new IllegalArgumentException("a space-delimited pattern needs at least one field");
      }
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** A JSON pattern {@code { expression }}. */
  record JsonPattern(JsonExpr expression) implements PatternNode {
    public JsonPattern {
      Objects.requireNonNull(expression, "expression");
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }
}
