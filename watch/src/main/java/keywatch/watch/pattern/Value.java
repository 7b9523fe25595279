package keywatch.watch.pattern;

import java.util.Objects;

/** The right-hand side of a comparison. */
public sealed interface Value permits Value.StringValue, Value.NumberValue, Value.RegexValue {

  /**
   * A string; a {@code *} at its start and/or end is a wildcard ({@code *} alone matches any
   * value), a {@code *} elsewhere is literal, as AWS documents for JSON patterns.
   */
  record StringValue(String text) implements Value {
    public StringValue {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A signed decimal number, possibly with an exponent, kept as written. */
  record NumberValue(String literal) implements Value {
    public NumberValue {
      Objects.requireNonNull(literal, "literal");
    }

    public double doubleValue() {
      return Double.parseDouble(literal);
    }
  }

  /** A {@code %regex%} value, searched within the field's text. */
  record RegexValue(String regex) implements Value {
    public RegexValue {
      Objects.requireNonNull(regex, "regex");
    }
  }
}
