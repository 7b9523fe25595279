package keywatch.watch.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keywatch.watch.event.LogEvent;

/**
 * TEMP stand-in for the real filter-pattern engine (another branch owns it): JSON patterns only,
 * {@code $.a.b = value} / {@code !=} with quoted or bare values and {@code *} prefix/suffix
 * wildcards, {@code &&}, {@code ||} and parentheses; the empty pattern matches everything.
 */
public final class FilterPattern {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);

  private sealed interface Node permits And, Or, Term {}

  private record And(Node l, Node r) implements Node {}

  private record Or(Node l, Node r) implements Node {}

  private record Term(String path, boolean negate, String value) implements Node {}

  private final String text;
  private final Node root;

  private FilterPattern(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  public static FilterPattern parse(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return new FilterPattern(text, null);
    }
    if (!t.startsWith("{") || !t.endsWith("}")) {
      throw new PatternSyntaxException("stand-in supports JSON patterns only", 0);
    }
    Parser p = new Parser(t.substring(1, t.length() - 1));
    Node n = p.or();
    p.ws();
    if (p.i != p.s.length()) {
      throw new PatternSyntaxException("unexpected input", p.i + 1);
    }
    return new FilterPattern(text, n);
  }

  public String text() {
    return text;
  }

  public MatchResult match(LogEvent event) {
    return match(event.message());
  }

  public MatchResult match(String message) {
    JsonNode doc = parseCached(message);
    if (root == null) {
      return new MatchResult(true, doc);
    }
    if (doc == null || !doc.isObject()) {
      return MatchResult.NO_MATCH;
    }
    return eval(root, doc) ? new MatchResult(true, doc) : MatchResult.NO_MATCH;
  }

  // Several filters see the same message object in a row; parse it once.
  private static JsonNode parseCached(String message) {
    Object[] last = LAST.get();
    if (last[0] == message) {
      return (JsonNode) last[1];
    }
    JsonNode doc;
    try {
      doc = JSON.readTree(message);
    } catch (Exception e) {
      doc = null;
    }
    last[0] = message;
    last[1] = doc;
    return doc;
  }

  private static boolean eval(Node n, JsonNode doc) {
    if (n instanceof And a) {
      return eval(a.l(), doc) && eval(a.r(), doc);
    }
    if (n instanceof Or o) {
      return eval(o.l(), doc) || eval(o.r(), doc);
    }
    Term t = (Term) n;
    JsonNode v = select(doc, t.path());
    if (v == null || v.isMissingNode() || v.isContainerNode()) {
      return false;
    }
    boolean eq = glob(t.value(), v.isNull() ? "null" : v.asText());
    return t.negate() != eq;
  }

  static JsonNode select(JsonNode root, String dotted) {
    JsonNode n = root;
    for (String part : dotted.split("\\.")) {
      if (n == null) {
        return null;
      }
      n = n.get(part);
    }
    return n;
  }

  private static boolean glob(String pattern, String value) {
    if (pattern.equals("*")) {
      return true;
    }
    boolean pre = pattern.startsWith("*");
    boolean suf = pattern.endsWith("*") && pattern.length() > 1;
    String core = pattern.substring(pre ? 1 : 0, pattern.length() - (suf ? 1 : 0));
    if (pre && suf) {
      return value.contains(core);
    }
    if (pre) {
      return value.endsWith(core);
    }
    if (suf) {
      return value.startsWith(core);
    }
    return value.equals(core);
  }

  private static final class Parser {
    final String s;
    int i;

    Parser(String s) {
      this.s = s;
    }

    void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    boolean eat(String tok) {
      ws();
      if (s.startsWith(tok, i)) {
        i += tok.length();
        return true;
      }
      return false;
    }

    Node or() {
      Node n = and();
      while (eat("||")) {
        n = new Or(n, and());
      }
      return n;
    }

    Node and() {
      Node n = primary();
      while (eat("&&")) {
        n = new And(n, primary());
      }
      return n;
    }

    Node primary() {
      if (eat("(")) {
        Node n = or();
        if (!eat(")")) {
          throw new PatternSyntaxException("missing )", i + 1);
        }
        return n;
      }
      ws();
      if (!s.startsWith("$.", i)) {
        throw new PatternSyntaxException("expected $.selector", i + 1);
      }
      int start = i + 2;
      while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "=!)".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      String path = s.substring(start, i);
      boolean negate;
      if (eat("!=")) {
        negate = true;
      } else if (eat("=")) {
        negate = false;
      } else {
        throw new PatternSyntaxException("expected = or !=", i + 1);
      }
      ws();
      String value;
      if (i < s.length() && s.charAt(i) == '"') {
        int end = s.indexOf('"', i + 1);
        if (end < 0) {
          throw new PatternSyntaxException("unterminated string", i + 1);
        }
        value = s.substring(i + 1, end);
        i = end + 1;
      } else {
        int st = i;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "&|)".indexOf(s.charAt(i)) < 0) {
          i++;
        }
        value = s.substring(st, i);
      }
      return new Term(path, negate, value);
    }
  }
}
