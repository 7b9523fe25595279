package keywatch.watch.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Builds random valid ASTs within the parser's limits (names, flattening, at most two regexes,
 * at most three wildcards, one per selector), for the print/parse round trip.
 */
final class AstGenerator {
  private static final String TEXT_CHARS = "aZ9_ -?\"\\%{}[]()$.*'=!<>&|,\u00e9\t";
  private static final String[] NAMES = {"a", "b_c", "x.y", "it's", "we\"ird", "*", "\u00e9t\u00e9", "0", "$", "sp ace", "k-1"};
  private static final String[] REGEX_ATOMS = {"a", "Z9", "\\d", "\\.", "[a-c]", ".", "_", "-", "/", "@", "\\x41", "#", ":"};
  private static final String[] QUANTIFIERS = {"", "", "*", "+", "?", "{2}", "{1,3}"};

  /** Values and names shared with {@link FilterPatternProperties.EventGenerator}'s vocabulary. */
  static final String[] VOCABULARY = {"a", "x.y", "ERROR", "404", "*", "*RR*", "ER*", "*OR", "kms.amazonaws.com", "it's", "true", "A/B"};

  static final String[] FLAT_KEYS = {"a", "x.y", "b_c"};

  private final Random r;
  private final boolean smallVocabulary;
  private int regexes;
  private int wildcards;

  AstGenerator(Random r) {
    this(r, false);
  }

  /** With a small vocabulary, generated values often occur in generated events. */
  AstGenerator(Random r, boolean smallVocabulary) {
    this.r = r;
    this.smallVocabulary = smallVocabulary;
  }

  JsonExpr jsonExpression() {
    return json(0);
  }

  PatternNode pattern() {
    switch (r.nextInt(5)) {
      case 0:
        return new PatternNode.MatchAll();
      case 1:
        return text();
      case 2:
        return new PatternNode.RegexPattern(regex());
      case 3:
        return delimited();
      default:
        return new PatternNode.JsonPattern(json(0));
    }
  }

  private PatternNode text() {
    int n = 1 + r.nextInt(4);
    List<TextTerm> terms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      terms.add(new TextTerm(TextTerm.Kind.values()[r.nextInt(3)], string(1)));
    }
    return new PatternNode.TextPattern(terms);
  }

  private String string(int min) {
    if (smallVocabulary) {
      return VOCABULARY[r.nextInt(VOCABULARY.length)];
    }
    int len = min + r.nextInt(6);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append(TEXT_CHARS.charAt(r.nextInt(TEXT_CHARS.length())));
    }
    return sb.toString();
  }

  String regex() {
    StringBuilder sb = new StringBuilder();
    if (r.nextInt(4) == 0) {
      sb.append('^');
    }
    int pieces = 1 + r.nextInt(3);
    for (int i = 0; i < pieces; i++) {
      if (i > 0 && r.nextInt(4) == 0) {
        sb.append('|');
      }
      sb.append(REGEX_ATOMS[r.nextInt(REGEX_ATOMS.length)]).append(QUANTIFIERS[r.nextInt(QUANTIFIERS.length)]);
    }
    if (r.nextInt(4) == 0) {
      sb.append('$');
    }
    return sb.toString();
  }

  private PatternNode delimited() {
    int n = 1 + r.nextInt(5);
    List<DelimitedField> fields = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (r.nextInt(4) == 0) {
        fields.add(new DelimitedField.Ellipsis());
      } else {
        Optional<FieldCondition> c = r.nextBoolean() ? Optional.empty() : Optional.of(fieldAny());
        fields.add(new DelimitedField.Named("f" + i + (r.nextBoolean() ? "_x" : ""), c));
      }
    }
    return new PatternNode.DelimitedPattern(fields);
  }

  private FieldCondition fieldAny() {
    int n = r.nextInt(3) == 0 ? 2 + r.nextInt(2) : 1;
    List<FieldCondition> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(fieldAll());
    }
    return n == 1 ? parts.get(0) : new FieldCondition.Any(parts);
  }

  private FieldCondition fieldAll() {
    int n = r.nextInt(3) == 0 ? 2 + r.nextInt(2) : 1;
    List<FieldCondition> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Operator op = Operator.values()[r.nextInt(Operator.values().length)];
      parts.add(new FieldCondition.Compare(op, value(op)));
    }
    return n == 1 ? parts.get(0) : new FieldCondition.All(parts);
  }

  private Value value(Operator op) {
    if (op.isOrdering() || (smallVocabulary && r.nextInt(4) == 0)) {
      return new Value.NumberValue(smallVocabulary ? String.valueOf(r.nextInt(3) - 1) : number());
    }
    int k = r.nextInt(3);
    if (k == 2 && regexes < RegexRules.MAX_REGEXES_PER_PATTERN) {
      regexes++;
      return new Value.RegexValue(regex());
    }
    return k == 0 ? new Value.NumberValue(number()) : new Value.StringValue(r.nextInt(5) == 0 ? "*" : string(0));
  }

  private String number() {
    StringBuilder sb = new StringBuilder();
    int sign = r.nextInt(3);
    if (sign == 1) {
      sb.append('-');
    } else if (sign == 2) {
      sb.append('+');
    }
    sb.append(r.nextInt(1000));
    if (r.nextBoolean()) {
      sb.append('.').append(r.nextInt(100));
    }
    if (r.nextInt(3) == 0) {
      sb.append(r.nextBoolean() ? 'e' : 'E').append(r.nextBoolean() ? "-" : "").append(r.nextInt(20));
    }
    return sb.toString();
  }

  private JsonExpr json(int depth) {
    int k = depth >= 3 || (smallVocabulary && r.nextBoolean()) ? 2 + r.nextInt(2) : r.nextInt(4);
    if (k == 0 || k == 1) {
      int n = 2 + r.nextInt(2);
      List<JsonExpr> parts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        JsonExpr p = json(depth + 1);
        boolean sameKind = k == 0 ? p instanceof JsonExpr.Or : p instanceof JsonExpr.And;
        parts.add(sameKind ? leaf() : p);
      }
      return k == 0 ? new JsonExpr.Or(parts) : new JsonExpr.And(parts);
    }
    return leaf();
  }

  private JsonExpr leaf() {
    Selector sel = selector();
    if (r.nextInt(3) == 0) {
      return new JsonExpr.Check(sel, JsonExpr.Check.Kind.values()[r.nextInt(4)]);
    }
    Operator op = Operator.values()[r.nextInt(Operator.values().length)];
    return new JsonExpr.Compare(sel, op, value(op));
  }

  private Selector selector() {
    if (smallVocabulary && r.nextInt(4) != 0) {
      return new Selector(List.of(new Selector.Step.Property(FLAT_KEYS[r.nextInt(FLAT_KEYS.length)])));
    }
    int n = 1 + r.nextInt(3);
    List<Selector.Step> steps = new ArrayList<>();
    boolean wild = false;
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(6);
      if ((k == 4 || k == 5) && !wild && wildcards < PatternParser.MAX_WILDCARDS_PER_PATTERN) {
        wild = true;
        wildcards++;
        steps.add(k == 4 ? new Selector.Step.AnyChild() : new Selector.Step.AnyElement());
      } else if (k == 3) {
        steps.add(new Selector.Step.Index(r.nextInt(12)));
      } else {
        steps.add(new Selector.Step.Property(NAMES[r.nextInt(NAMES.length)]));
      }
    }
    return new Selector(steps);
  }
}
