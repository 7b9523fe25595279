package keywatch.watch.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * A compiled {@code op value}, testing either a space-delimited field (text) or a JSON scalar.
 *
 * <p>Rules (AWS's documented behaviour, and where AWS says nothing, the choice made here):
 * a string value compares text with {@link Wildcard}; a number value with {@code =}/{@code !=}
 * compares numerically when the field is a number and as text otherwise; {@code <, <=, >, >=}
 * hold only for numbers (JSON number nodes; fields that read as numbers); a regex is searched
 * within the text. In JSON, objects, arrays and null satisfy no comparison, not even {@code !=}.
 */
final class Comparison {
  private final Operator op;
  private final Wildcard wildcard;
  private final String literal;
  private final double number;
  private final Pattern regex;

  Comparison(Operator op, Value value) {
    this.op = op;
    if (value instanceof Value.StringValue s) {
      this.wildcard = Wildcard.of(s.text());
      this.literal = s.text();
      this.number = Double.NaN;
      this.regex = null;
    } else if (value instanceof Value.NumberValue n) {
      this.wildcard = null;
      this.literal = n.literal();
      this.number = n.doubleValue();
      this.regex = null;
    } else {
      Value.RegexValue r = (Value.RegexValue) value;
      this.wildcard = null;
      this.literal = r.regex();
      this.number = Double.NaN;
      this.regex = RegexRules.compile(r.regex());
    }
  }

  /** Tests one field of a space-delimited event. */
  boolean testText(String text) {
    if (wildcard != null) {
      boolean m = wildcard.matches(text);
      return op == Operator.NE ? !m : m;
    }
    if (regex != null) {
      boolean m = regex.matcher(text).find();
      return op == Operator.NE ? !m : m;
    }
    double d = Numbers.parseOrNaN(text);
    if (op.isOrdering()) {
      return !Double.isNaN(d) && order(d);
    }
    boolean eq = Double.isNaN(d) ? text.equals(literal) : d == number;
    return op == Operator.NE ? !eq : eq;
  }

  /** Tests one value a JSON selector resolved to. */
  boolean testNode(JsonNode node) {
    if (node.isContainerNode() || node.isNull() || node.isMissingNode()) {
      return false;
    }
    if (node.isNumber() && wildcard == null && regex == null) {
      double d = node.doubleValue();
      if (op.isOrdering()) {
        return order(d);
      }
      boolean eq = d == number;
      return op == Operator.NE ? !eq : eq;
    }
    if (op.isOrdering()) {
      return false;
    }
    return testText(node.isTextual() ? node.textValue() : node.asText());
  }

  private boolean order(double d) {
    switch (op) {
      case LT:
        return d < number;
      case LE:
        return d <= number;
      case GT:
        return d > number;
      default:
        return d >= number;
    }
  }

  Operator operator() {
    return op;
  }

  /** For EQ on a string without wildcards at both ends: text a matching raw event contains. */
  String requiredText() {
    if (op != Operator.EQ || wildcard == null) {
      return null;
    }
    return wildcard.requiredText();
  }
}
