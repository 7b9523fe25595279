package keywatch.watch.pattern;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recursive-descent parser for CloudWatch Logs filter patterns, as AWS documents them in "Filter
 * pattern syntax for metric filters, subscription filters, filter log events, and Live Tail"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html).
 *
 * <p>The kind of pattern is decided by its first non-blank character: {@code {} JSON,
 * {@code [} space-delimited, {@code %} a standalone regex, anything else unstructured text.
 *
 * <pre>
 * pattern     = ws ( json | delimited | regex | text | (* empty: matches all *) ) ws ;
 *
 * text        = term { ws term } ;
 * term        = [ "?" | "-" ] ( quoted | bare ) ;
 * bare        = bareChar { bareChar } ;              (* any char but blank and '"' *)
 * quoted      = '"' { char | '\"' | '\\' } '"' ;
 *
 * regex       = "%" regexBody "%" ;                  (* the AWS regex subset, see RegexRules *)
 *
 * delimited   = "[" field { "," field } "]" ;
 * field       = "..." | name [ fieldOr ] ;
 * fieldOr     = fieldAnd { "||" name fieldAnd } ;    (* the repeated name must be the field's *)
 * fieldAnd    = compare { "&&" name compare } ;
 * name        = ( letter | "_" ) { letter | digit | "_" } ;
 *
 * json        = "{" orExpr "}" ;
 * orExpr      = andExpr { "||" andExpr } ;           (* precedence: () > && > || *)
 * andExpr     = unary { "&&" unary } ;
 * unary       = "(" orExpr ")"
 *             | selector compare
 *             | selector "IS" ( "NULL" | "TRUE" | "FALSE" )
 *             | selector "NOT" "EXISTS" ;
 * selector    = "$" step { step } ;
 * step        = "." propName | ".*" | "[" digits "]" | "[*]"
 *             | "." "[" quotedName "]" | "[" quotedName "]" ;
 * quotedName  = "'" { char } "'" | '"' { char } '"' ;
 *
 * compare     = op value ;
 * op          = "=" | "!=" | "<" | "<=" | ">" | ">=" ;   (* ordering ops need a number *)
 * value       = quoted | "%" regexBody "%" | word ;      (* a word that is a number is one *)
 * number      = [ "+" | "-" ] ( digits [ "." [ digits ] ] | "." digits )
 *               [ ( "e" | "E" ) [ "+" | "-" ] digits ] ;
 * </pre>
 *
 * <p>Limits: the pattern is at most {@value #MAX_LENGTH} characters (AWS's filterPattern quota);
 * parentheses nest at most {@value #MAX_DEPTH} deep; at most two regexes in a JSON or
 * space-delimited pattern; at most one wildcard step per selector and three per pattern.
 * Keywords ({@code IS NULL}, ...) are accepted in any letter case.
 */
public final class PatternParser {
  /** AWS: filterPattern length 0..1024. */
  public static final int MAX_LENGTH = 1024;
  /** Parenthesis nesting limit, which also bounds the recursion. */
  public static final int MAX_DEPTH = 32;
  /** AWS: one wildcard selector per property selector, three per pattern. */
  static final int MAX_WILDCARDS_PER_SELECTOR = 1;
  static final int MAX_WILDCARDS_PER_PATTERN = 3;

  private final String src;
  private Lexer lexer;
  private int regexCount;
  private int wildcardCount;

  private PatternParser(String src) {
    this.src = src;
  }

  /** Parses a whole filter pattern. */
  public static PatternNode parse(String text) {
    if (text == null) {
      throw new PatternSyntaxException(0, "the pattern is null");
    }
    if (text.length() > MAX_LENGTH) {
      throw new PatternSyntaxException(
          MAX_LENGTH, "the pattern is " + text.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
    }
    return new PatternParser(text).parsePattern();
  }

  /** Parses one property selector such as {@code $.a.b[0]} (used to resolve metric values). */
  public static Selector parseSelector(String text) {
    if (text == null || text.isEmpty() || text.charAt(0) != '$') {
      throw new PatternSyntaxException(0, "a property selector starts with '$'");
    }
    if (text.length() > MAX_LENGTH) {
      throw new PatternSyntaxException(MAX_LENGTH, "the selector is too long");
    }
    PatternParser p = new PatternParser(text);
    p.lexer = new Lexer(text, 0, true);
    Token t = p.lexer.next();
    if (t.type() != Token.Type.SELECTOR) {
      throw new PatternSyntaxException(t.offset(), "expected a property selector");
    }
    Selector s = p.selector(t);
    Token end = p.lexer.next();
    if (end.type() != Token.Type.EOF) {
      throw new PatternSyntaxException(end.offset(), "unexpected " + end.describe() + " after the selector");
    }
    return s;
  }

  private PatternNode parsePattern() {
    int i = 0;
    int n = src.length();
    while (i < n && Lexer.isSpace(src.charAt(i))) {
      i++;
    }
    if (i == n) {
      return new PatternNode.MatchAll();
    }
    return switch (src.charAt(i)) {
      case '{' -> json(i);
      case '[' -> delimited(i);
      case '%' -> standaloneRegex(i);
      default -> text(i);
    };
  }

  // ---- unstructured text ----

  private PatternNode text(int start) {
    List<TextTerm> terms = new ArrayList<>();
    int n = src.length();
    int i = start;
    while (true) {
      while (i < n && Lexer.isSpace(src.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      TextTerm.Kind kind = TextTerm.Kind.REQUIRED;
      char c = src.charAt(i);
      int termStart = i;
      if (c == '?' || c == '-') {
        kind = c == '?' ? TextTerm.Kind.OPTIONAL : TextTerm.Kind.EXCLUDED;
        i++;
        if (i >= n || Lexer.isSpace(src.charAt(i))) {
          throw new PatternSyntaxException(termStart, "expected a term right after '" + c + "'");
        }
        c = src.charAt(i);
      }
      String value;
      if (c == '"') {
        StringBuilder sb = new StringBuilder();
        int q = i;
        i++;
        boolean closed = false;
        while (i < n) {
          char d = src.charAt(i);
          if (d == '"') {
            i++;
            closed = true;
            break;
          }
          if (d == '\\' && i + 1 < n && (src.charAt(i + 1) == '"' || src.charAt(i + 1) == '\\')) {
            sb.append(src.charAt(i + 1));
            i += 2;
            continue;
          }
          sb.append(d);
          i++;
        }
        if (!closed) {
          throw new PatternSyntaxException(q, "unterminated quoted term: missing closing '\"'");
        }
        if (sb.length() == 0) {
          throw new PatternSyntaxException(q, "empty quoted term \"\"");
        }
        value = sb.toString();
      } else {
        int b = i;
        while (i < n && !Lexer.isSpace(src.charAt(i)) && src.charAt(i) != '"') {
          i++;
        }
        value = src.substring(b, i);
      }
      if (i < n && !Lexer.isSpace(src.charAt(i))) {
        throw new PatternSyntaxException(i, "expected a blank between terms");
      }
      terms.add(new TextTerm(kind, value));
    }
    return new PatternNode.TextPattern(terms);
  }

  // ---- standalone regex ----

  private PatternNode standaloneRegex(int start) {
    int close = src.indexOf('%', start + 1);
    if (close < 0) {
      throw new PatternSyntaxException(start, "unterminated regex: missing closing '%'");
    }
    String body = src.substring(start + 1, close);
    RegexRules.validate(body, start + 1);
    for (int i = close + 1; i < src.length(); i++) {
      if (!Lexer.isSpace(src.charAt(i))) {
        throw new PatternSyntaxException(
            i, "a %regex% pattern stands alone; nothing may follow it (use it inside a JSON or space-delimited pattern to combine)");
      }
    }
    return new PatternNode.RegexPattern(body);
  }

  // ---- space-delimited ----

  private PatternNode delimited(int start) {
    lexer = new Lexer(src, start, false);
    expect(Token.Type.LBRACKET, "to open a space-delimited pattern");
    List<DelimitedField> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    while (true) {
      Token t = lexer.next();
      if (t.type() == Token.Type.ELLIPSIS) {
        fields.add(new DelimitedField.Ellipsis());
      } else if (t.type() == Token.Type.WORD) {
        String name = fieldName(t);
        if (!names.add(name)) {
          throw new PatternSyntaxException(t.offset(), "field name '" + name + "' is used twice");
        }
        Optional<FieldCondition> cond = Optional.empty();
        if (lexer.peek().type() == Token.Type.OPERATOR) {
          cond = Optional.of(fieldOr(name));
        }
        fields.add(new DelimitedField.Named(name, cond));
      } else if (t.type() == Token.Type.RBRACKET && fields.isEmpty()) {
        throw new PatternSyntaxException(t.offset(), "a space-delimited pattern needs at least one field");
      } else {
        throw new PatternSyntaxException(
            t.offset(), "expected a field name or '...' but found " + t.describe());
      }
      Token sep = lexer.next();
      if (sep.type() == Token.Type.COMMA) {
        continue;
      }
      if (sep.type() == Token.Type.RBRACKET) {
        break;
      }
      throw new PatternSyntaxException(
          sep.offset(), "expected ',' or ']' after a field but found " + sep.describe());
    }
    expectEnd();
    return new PatternNode.DelimitedPattern(fields);
  }

  private String fieldName(Token t) {
    String s = t.text();
    boolean ok = !s.isEmpty() && (Character.isLetter(s.charAt(0)) || s.charAt(0) == '_');
    for (int i = 0; ok && i < s.length(); i++) {
      char c = s.charAt(i);
      ok = (c < 0x80 && Character.isLetterOrDigit(c)) || c == '_';
    }
    if (!ok) {
      throw new PatternSyntaxException(
          t.offset(), "'" + s + "' is not a field name (letters, digits and '_', not starting with a digit)");
    }
    return s;
  }

  private FieldCondition fieldOr(String name) {
    List<FieldCondition> parts = new ArrayList<>();
    parts.add(fieldAnd(name));
    while (lexer.peek().type() == Token.Type.OR) {
      lexer.next();
      repeatedName(name);
      parts.add(fieldAnd(name));
    }
    return parts.size() == 1 ? parts.get(0) : new FieldCondition.Any(parts);
  }

  private FieldCondition fieldAnd(String name) {
    List<FieldCondition> parts = new ArrayList<>();
    parts.add(fieldCompare());
    while (lexer.peek().type() == Token.Type.AND) {
      lexer.next();
      repeatedName(name);
      parts.add(fieldCompare());
    }
    return parts.size() == 1 ? parts.get(0) : new FieldCondition.All(parts);
  }

  private void repeatedName(String name) {
    Token t = lexer.next();
    if (t.type() != Token.Type.WORD || !t.text().equals(name)) {
      throw new PatternSyntaxException(
          t.offset(), "expected the field name '" + name + "' after '&&' or '||' but found " + t.describe());
    }
  }

  private FieldCondition fieldCompare() {
    Token op = lexer.next();
    if (op.type() != Token.Type.OPERATOR) {
      throw new PatternSyntaxException(op.offset(), "expected an operator (=, !=, <, <=, >, >=) but found " + op.describe());
    }
    Operator operator = operator(op);
    return new FieldCondition.Compare(operator, value(operator, op));
  }

  // ---- JSON ----

  private PatternNode json(int start) {
    lexer = new Lexer(src, start, true);
    Token open = expect(Token.Type.LBRACE, "to open a JSON pattern");
    if (lexer.peek().type() == Token.Type.RBRACE) {
      throw new PatternSyntaxException(lexer.peek().offset(), "empty JSON pattern '{ }'");
    }
    JsonExpr e = orExpr(0);
    Token close = lexer.next();
    if (close.type() != Token.Type.RBRACE) {
      throw new PatternSyntaxException(
          close.offset(),
          "expected '&&', '||' or '}' (closing the '{' at offset " + open.offset() + ") but found " + close.describe());
    }
    expectEnd();
    return new PatternNode.JsonPattern(e);
  }

  private JsonExpr orExpr(int depth) {
    List<JsonExpr> parts = new ArrayList<>();
    addFlat(parts, andExpr(depth), true);
    while (lexer.peek().type() == Token.Type.OR) {
      lexer.next();
      addFlat(parts, andExpr(depth), true);
    }
    return parts.size() == 1 ? parts.get(0) : new JsonExpr.Or(parts);
  }

  private JsonExpr andExpr(int depth) {
    List<JsonExpr> parts = new ArrayList<>();
    addFlat(parts, unary(depth), false);
    while (lexer.peek().type() == Token.Type.AND) {
      lexer.next();
      addFlat(parts, unary(depth), false);
    }
    return parts.size() == 1 ? parts.get(0) : new JsonExpr.And(parts);
  }

  /** And/Or are associative, so nested ones of the same kind are flattened. */
  private static void addFlat(List<JsonExpr> parts, JsonExpr e, boolean or) {
    if (or && e instanceof JsonExpr.Or o) {
      parts.addAll(o.parts());
    } else if (!or && e instanceof JsonExpr.And a) {
      parts.addAll(a.parts());
    } else {
      parts.add(e);
    }
  }

  private JsonExpr unary(int depth) {
    Token t = lexer.next();
    if (t.type() == Token.Type.LPAREN) {
      if (depth >= MAX_DEPTH) {
        throw new PatternSyntaxException(t.offset(), "parentheses nest deeper than " + MAX_DEPTH);
      }
      JsonExpr e = orExpr(depth + 1);
      Token close = lexer.next();
      if (close.type() != Token.Type.RPAREN) {
        throw new PatternSyntaxException(
            close.offset(),
            "expected ')' (closing the '(' at offset " + t.offset() + ") but found " + close.describe());
      }
      return e;
    }
    if (t.type() != Token.Type.SELECTOR) {
      throw new PatternSyntaxException(
          t.offset(), "expected a property selector such as $.field, or '(', but found " + t.describe());
    }
    Selector sel = selector(t);
    Token op = lexer.next();
    if (op.type() == Token.Type.OPERATOR) {
      Operator operator = operator(op);
      return new JsonExpr.Compare(sel, operator, value(operator, op));
    }
    if (op.type() == Token.Type.WORD) {
      String kw = op.text().toUpperCase(Locale.ROOT);
      if (kw.equals("IS")) {
        Token what = lexer.next();
        String w = what.type() == Token.Type.WORD ? what.text().toUpperCase(Locale.ROOT) : "";
        switch (w) {
          case "NULL":
            return new JsonExpr.Check(sel, JsonExpr.Check.Kind.IS_NULL);
          case "TRUE":
            return new JsonExpr.Check(sel, JsonExpr.Check.Kind.IS_TRUE);
          case "FALSE":
            return new JsonExpr.Check(sel, JsonExpr.Check.Kind.IS_FALSE);
          default:
            throw new PatternSyntaxException(
                what.offset(), "expected NULL, TRUE or FALSE after IS but found " + what.describe());
        }
      }
      if (kw.equals("NOT")) {
        Token what = lexer.next();
        if (what.type() == Token.Type.WORD && what.text().equalsIgnoreCase("EXISTS")) {
          return new JsonExpr.Check(sel, JsonExpr.Check.Kind.NOT_EXISTS);
        }
        throw new PatternSyntaxException(what.offset(), "expected EXISTS after NOT but found " + what.describe());
      }
    }
    throw new PatternSyntaxException(
        op.offset(),
        "expected an operator (=, !=, <, <=, >, >=), IS NULL, IS TRUE, IS FALSE or NOT EXISTS after "
            + t.text()
            + " but found "
            + op.describe());
  }

  /** Parses the text of a SELECTOR token into steps; offsets point into the pattern. */
  private Selector selector(Token t) {
    String s = t.text();
    int base = t.offset();
    int n = s.length();
    List<Selector.Step> steps = new ArrayList<>();
    int i = 1; // after '$'
    int wildcards = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '.') {
        i++;
        if (i >= n) {
          throw new PatternSyntaxException(base + i, "expected a property name, '*' or '[' after '.'");
        }
        char d = s.charAt(i);
        if (d == '*') {
          steps.add(new Selector.Step.AnyChild());
          wildcards++;
          i++;
        } else if (d == '[') {
          int[] end = new int[1];
          String name = bracketName(s, i, base, end);
          steps.add(new Selector.Step.Property(name));
          i = end[0];
        } else if (Lexer.isNameChar(d)) {
          int b = i;
          while (i < n && Lexer.isNameChar(s.charAt(i))) {
            i++;
          }
          steps.add(new Selector.Step.Property(s.substring(b, i)));
        } else {
          throw new PatternSyntaxException(base + i, "expected a property name, '*' or '[' after '.'");
        }
      } else if (c == '[') {
        int close = s.indexOf(']', i);
        String inner = close < 0 ? "" : s.substring(i + 1, close);
        if (!inner.isEmpty() && (inner.charAt(0) == '\'' || inner.charAt(0) == '"')) {
          int[] end = new int[1];
          String name = bracketName(s, i, base, end);
          steps.add(new Selector.Step.Property(name));
          i = end[0];
        } else if (inner.equals("*")) {
          steps.add(new Selector.Step.AnyElement());
          wildcards++;
          i = close + 1;
        } else if (!inner.isEmpty() && inner.length() <= 9 && inner.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
          steps.add(new Selector.Step.Index(Integer.parseInt(inner)));
          i = close + 1;
        } else {
          throw new PatternSyntaxException(
              base + i, "expected an array index, '*' or a quoted property name inside '[ ]'");
        }
      } else {
        throw new PatternSyntaxException(base + i, "unexpected '" + c + "' in property selector; expected '.' or '['");
      }
    }
    if (steps.isEmpty()) {
      throw new PatternSyntaxException(base, "a property selector needs at least one step after '$' (such as $.field)");
    }
    if (wildcards > MAX_WILDCARDS_PER_SELECTOR) {
      throw new PatternSyntaxException(base, "at most one wildcard ($.* or [*]) is allowed per property selector");
    }
    wildcardCount += wildcards;
    if (wildcardCount > MAX_WILDCARDS_PER_PATTERN) {
      throw new PatternSyntaxException(base, "at most three wildcard selectors are allowed per pattern");
    }
    return new Selector(steps);
  }

  /** Reads {@code ['name']} or {@code ["name"]} starting at the '['; returns the name. */
  private static String bracketName(String s, int open, int base, int[] end) {
    int n = s.length();
    int i = open + 1;
    if (i >= n || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
      throw new PatternSyntaxException(base + open, "expected a quoted property name after '['");
    }
    char q = s.charAt(i);
    i++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (i >= n) {
        throw new PatternSyntaxException(base + open, "unterminated quoted property name");
      }
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < n) {
        sb.append(s.charAt(i + 1));
        i += 2;
        continue;
      }
      if (c == q) {
        i++;
        break;
      }
      sb.append(c);
      i++;
    }
    if (i >= n || s.charAt(i) != ']') {
      throw new PatternSyntaxException(base + i, "expected ']' after the quoted property name");
    }
    if (sb.length() == 0) {
      throw new PatternSyntaxException(base + open, "empty property name");
    }
    end[0] = i + 1;
    return sb.toString();
  }

  // ---- shared ----

  private static Operator operator(Token op) {
    return switch (op.text()) {
      case "=" -> Operator.EQ;
      case "!=" -> Operator.NE;
      case "<" -> Operator.LT;
      case "<=" -> Operator.LE;
      case ">" -> Operator.GT;
      default -> Operator.GE;
    };
  }

  private Value value(Operator operator, Token op) {
    Token t = lexer.next();
    Value v;
    switch (t.type()) {
      case STRING:
        v = new Value.StringValue(t.text());
        break;
      case REGEX:
        regexCount++;
        if (regexCount > RegexRules.MAX_REGEXES_PER_PATTERN) {
          throw new PatternSyntaxException(
              t.offset(), "at most " + RegexRules.MAX_REGEXES_PER_PATTERN + " regexes are allowed in one pattern");
        }
        v = new Value.RegexValue(t.text());
        break;
      case WORD:
        v = Numbers.isNumber(t.text()) ? new Value.NumberValue(t.text()) : new Value.StringValue(t.text());
        break;
      default:
        throw new PatternSyntaxException(
            t.offset(), "expected a value after '" + op.text() + "' but found " + t.describe());
    }
    if (operator.isOrdering() && !(v instanceof Value.NumberValue)) {
      throw new PatternSyntaxException(
          t.offset(), "'" + op.text() + "' compares numbers; " + t.describe() + " is not a number");
    }
    return v;
  }

  private Token expect(Token.Type type, String why) {
    Token t = lexer.next();
    if (t.type() != type) {
      throw new PatternSyntaxException(t.offset(), "expected " + type.description + " " + why + " but found " + t.describe());
    }
    return t;
  }

  private void expectEnd() {
    Token t = lexer.next();
    if (t.type() != Token.Type.EOF) {
      throw new PatternSyntaxException(t.offset(), "unexpected " + t.describe() + " after the end of the pattern");
    }
  }
}
