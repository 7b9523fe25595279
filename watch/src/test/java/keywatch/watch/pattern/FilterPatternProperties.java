package keywatch.watch.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Robustness and round trips: the parser fails on any input only with PatternSyntaxException;
 * printing a parsed pattern and parsing it again gives the same AST; matching never throws.
 */
class FilterPatternProperties {
  /** Fragments of the pattern language, so random input often gets deep into the grammar. */
  private static final List<String> FRAGMENTS =
      List.of(
          "{", "}", "[", "]", "(", ")", "$", "$.", ".", "a", "b", "*", "[*]", ".*", "[0]", "['x.y']", "\"", "'",
          "\"v\"", "%", "%a.b%", "?", "-", ",", "...", "=", "!=", "<", "<=", ">", ">=", "&&", "||", "&", "|",
          " ", "  ", "\t", "IS", "NULL", "NOT", "EXISTS", "TRUE", "FALSE", "1", "-2.5e3", "+.5", "e", "\\",
          "\\d", "{2}", "ERROR", "\u00e9", "\n", "!", "==", "$.errorCode", "\"*\"", "#", "@");

  @Provide
  Arbitrary<String> patternish() {
    Arbitrary<String> fromFragments = Arbitraries.of(FRAGMENTS).list().ofMaxSize(24).map(l -> String.join("", l));
    Arbitrary<String> anyChars = Arbitraries.strings().withChars("{}[]()$.*\"'%?-,=!<>&| \tabIS09\\_eE+").ofMaxLength(40);
    return Arbitraries.oneOf(fromFragments, anyChars, Arbitraries.strings().ofMaxLength(30));
  }

  @Provide
  Arbitrary<PatternNode> asts() {
    return Arbitraries.randomValue(r -> new AstGenerator(r).pattern());
  }

  @Provide
  Arbitrary<String> events() {
    Arbitrary<String> json = Arbitraries.randomValue(r -> EventGenerator.json(r, 0));
    Arbitrary<String> words = Arbitraries.randomValue(EventGenerator::delimited);
    return Arbitraries.oneOf(json, words, patternish(), Arbitraries.strings().ofMaxLength(60));
  }

  @Property(tries = 3000)
  void parsingFailsOnlyWithPatternSyntaxException(@ForAll("patternish") String text) {
    try {
      PatternNode ast = PatternParser.parse(text);
      String printed = PatternPrinter.print(ast);
      assertThat(PatternParser.parse(printed)).as("reparse of %s printed as %s", text, printed).isEqualTo(ast);
      Statistics.collect(ast.getClass().getSimpleName());
    } catch (PatternSyntaxException e) {
      Statistics.collect("rejected");
      assertThat(e.offset()).isBetween(0, text.length());
    }
  }

  @Property(tries = 3000)
  void printedAstsParseBackEqual(@ForAll("asts") PatternNode ast) {
    String printed = PatternPrinter.print(ast);
    Assume.that(printed.length() <= PatternParser.MAX_LENGTH);
    assertThat(PatternParser.parse(printed)).as("parse of %s", printed).isEqualTo(ast);
    assertThat(ast.toString()).isEqualTo(printed);
  }

  @Property(tries = 3000)
  void matchingNeverThrows(@ForAll("asts") PatternNode ast, @ForAll("events") String event) {
    String printed = PatternPrinter.print(ast);
    Assume.that(printed.length() <= PatternParser.MAX_LENGTH);
    FilterPattern p = FilterPattern.parse(printed);
    boolean unguarded = p.matchesUnguarded(ParsedEvent.of(event));
    MatchResult r = p.match(event);
    assertThat(r.matched()).isEqualTo(unguarded);
    Statistics.collect(ast.getClass().getSimpleName(), r.matched());
    r.valueOf("$.a");
    r.valueOf("$f1");
    r.valueOf("$.*[");
  }

  @Property(tries = 1000)
  void randomPatternsNeverThrowWhileMatching(@ForAll("patternish") String text, @ForAll("events") String event) {
    FilterPattern p;
    try {
      p = FilterPattern.parse(text);
    } catch (PatternSyntaxException e) {
      return;
    }
    assertThat(p.match(event).matched()).isEqualTo(p.matchesUnguarded(ParsedEvent.of(event)));
  }

  @Property(tries = 5000)
  void thePrefilterNeverChangesAnOutcome(@ForAll("vocabularyJson") PatternNode.JsonPattern pattern, @ForAll("vocabularyEvents") String event) {
    boolean fast = new JsonMatcher(pattern, true).matches(ParsedEvent.of(event), null);
    boolean slow = new JsonMatcher(pattern, false).matches(ParsedEvent.of(event), null);
    assertThat(fast).as("%s on %s", pattern, event).isEqualTo(slow);
    Statistics.collect(slow);
  }

  @Provide
  Arbitrary<PatternNode.JsonPattern> vocabularyJson() {
    return Arbitraries.randomValue(r -> new PatternNode.JsonPattern(new AstGenerator(r, true).jsonExpression()));
  }

  @Provide
  Arbitrary<String> vocabularyEvents() {
    return Arbitraries.randomValue(r -> EventGenerator.vocabularyJson(r, 0));
  }

  /** Random events: JSON shaped to meet the generated selectors, and space-delimited lines. */
  static final class EventGenerator {
    private static final String[] KEYS = {"a", "b_c", "x.y", "it's", "we\"ird", "*", "\u00e9t\u00e9", "0", "$", "errorCode"};
    private static final String[] WORDS = {"ERROR", "404", "-1.5e2", "[10/Oct/2000:13:25:15 -0700]", "\"GET / HTTP/1.0\"", "a", "", "[", "\""};

    static String json(Random r, int depth) {
      int k = depth > 3 ? r.nextInt(5) : r.nextInt(7);
      switch (k) {
        case 0:
          return "null";
        case 1:
          return r.nextBoolean() ? "true" : "false";
        case 2:
          return String.valueOf(r.nextInt(2000) - 1000) + (r.nextBoolean() ? ".5" : "") + (r.nextInt(4) == 0 ? "e2" : "");
        case 3:
        case 4:
          return quote(WORDS[r.nextInt(WORDS.length)] + (r.nextBoolean() ? "\u00e9\\u0041" : ""));
        case 5: {
          StringBuilder sb = new StringBuilder("[");
          int n = r.nextInt(4);
          for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append(json(r, depth + 1));
          }
          return sb.append(']').toString();
        }
        default: {
          StringBuilder sb = new StringBuilder("{");
          int n = r.nextInt(5);
          for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append(quote(KEYS[r.nextInt(KEYS.length)])).append(':').append(json(r, depth + 1));
          }
          return sb.append('}').toString();
        }
      }
    }

    /** JSON over the generator's names and values, sometimes escaped (\\u, \\/, \\\"). */
    static String vocabularyJson(Random r, int depth) {
      int k = depth == 0 ? 5 : depth > 2 ? r.nextInt(4) : r.nextInt(6);
      switch (k) {
        case 0:
          return r.nextInt(3) == 0 ? "null" : String.valueOf(r.nextInt(3) - 1);
        case 1:
          return r.nextBoolean() ? "true" : "false";
        case 2:
        case 3: {
          String v = AstGenerator.VOCABULARY[r.nextInt(AstGenerator.VOCABULARY.length)];
          int esc = r.nextInt(6);
          if (esc == 0) {
            v = v.replace("R", "\\u0052");
          } else if (esc == 1) {
            v = v.replace("/", "\\/");
          } else if (esc == 2) {
            v = v.replace("'", "\\\"");
          }
          return "\"" + v + "\"";
        }
        case 4: {
          StringBuilder sb = new StringBuilder("[");
          int n = r.nextInt(3);
          for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append(vocabularyJson(r, depth + 1));
          }
          return sb.append(']').toString();
        }
        default: {
          StringBuilder sb = new StringBuilder("{");
          int n = r.nextInt(5);
          for (int i = 0; i < n; i++) {
            String key = r.nextBoolean() ? AstGenerator.FLAT_KEYS[r.nextInt(3)] : KEYS[r.nextInt(KEYS.length)];
            if (r.nextInt(8) == 0) {
              key = key.replace("a", "\\u0061");
            }
            sb.append(i > 0 ? "," : "").append(quote(key)).append(':').append(vocabularyJson(r, depth + 1));
          }
          return sb.append('}').toString();
        }
      }
    }

    static String delimited(Random r) {
      int n = r.nextInt(8);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.append(i > 0 ? (r.nextBoolean() ? " " : "  ") : "").append(WORDS[r.nextInt(WORDS.length)]);
      }
      return sb.toString();
    }

    private static String quote(String s) {
      StringBuilder sb = new StringBuilder("\"");
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"') {
          sb.append("\\\"");
        } else if (c == '\\' && !(i + 1 < s.length() && s.charAt(i + 1) == 'u')) {
          sb.append("\\\\");
        } else {
          sb.append(c);
        }
      }
      return sb.append('"').toString();
    }
  }
}
