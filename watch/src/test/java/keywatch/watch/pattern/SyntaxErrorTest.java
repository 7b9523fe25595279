package keywatch.watch.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * Invalid patterns fail with one exception type that says where (offset) and why. Limits from
 * AWS: filterPattern length 0..1024 (PutMetricFilter / TestMetricFilter API reference); at most
 * one wildcard per selector and three per pattern, at most two regexes per pattern
 * (FilterAndPatternSyntax page).
 */
class SyntaxErrorTest {
  private static PatternSyntaxException error(String pattern) {
    return RegexPatternTest.catchSyntax(pattern);
  }

  @Test
  void theErrorIsAnIllegalArgumentExceptionWithOffsetAndReason() {
    PatternSyntaxException e = error("{ $.a = }");
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
    assertThat(e.offset()).isEqualTo(8);
    assertThat(e.getMessage()).isEqualTo("Invalid filter pattern at offset 8: " + e.reason());
    assertThat(e.reason()).contains("expected a value after '='");
  }

  @Test
  void jsonErrors() {
    assertThat(error("{ $.a = 1").reason()).contains("closing the '{' at offset 0");
    assertThat(error("{ $.a = 1").offset()).isEqualTo(9);
    assertThat(error("{ }").reason()).contains("empty JSON pattern");
    assertThat(error("{ a = 1 }").reason()).contains("property selector");
    assertThat(error("{ $ = 1 }").reason()).contains("at least one step");
    assertThat(error("{ $.a 1 }").reason()).contains("expected an operator");
    assertThat(error("{ $.a == 1 }").reason()).contains("'=='");
    assertThat(error("{ $.a = 1 & $.b = 2 }").offset()).isEqualTo(10);
    assertThat(error("{ $.a = 1 | $.b = 2 }").reason()).contains("'||'");
    assertThat(error("{ ($.a = 1 }").reason()).contains("expected ')'");
    assertThat(error("{ $.a > \"x\" }").reason()).contains("compares numbers");
    assertThat(error("{ $.a > 1.2.3 }").reason()).contains("not a number");
    assertThat(error("{ $.a IS MAYBE }").reason()).contains("NULL, TRUE or FALSE");
    assertThat(error("{ $.a NOT THERE }").reason()).contains("EXISTS");
    assertThat(error("{ $.a = 1 } x").reason()).contains("after the end");
    assertThat(error("{ $.a[x] = 1 }").offset()).isEqualTo(5);
    assertThat(error("{ $.a[ = 1 }").reason()).contains("unterminated '['");
    assertThat(error("{ $.a = \"x }").reason()).contains("unterminated string");
  }

  @Test
  void wildcardSelectorLimits() {
    assertThat(error("{ $.*[*] = 1 }").reason()).contains("one wildcard");
    assertThatCode(() -> FilterPattern.parse("{ $.* = 1 && $.a[*] = 2 && $.b.* = 3 }")).doesNotThrowAnyException();
    PatternSyntaxException e = error("{ $.* = 1 && $.a[*] = 2 && $.b.* = 3 && $.c[*] = 4 }");
    assertThat(e.reason()).contains("three wildcard");
    assertThat(e.offset()).isEqualTo(40);
  }

  @Test
  void delimitedErrors() {
    assertThat(error("[]").reason()).contains("at least one field");
    assertThat(error("[a b]").reason()).contains("expected ',' or ']'");
    assertThat(error("[a, 1b]").reason()).contains("not a field name");
    assertThat(error("[a, a]").reason()).contains("used twice");
    assertThat(error("[a = 1 || b = 2]").reason()).contains("field name 'a'");
    assertThat(error("[a = 1 || a 2]").reason()).contains("expected an operator");
    assertThat(error("[a = ]").reason()).contains("expected a value");
    assertThat(error("[a, b").reason()).contains("expected ',' or ']'");
    assertThat(error("[a] b").offset()).isEqualTo(4);
  }

  @Test
  void textErrors() {
    assertThat(error("ERROR \"unterminated").offset()).isEqualTo(6);
    assertThat(error("ERROR ? WARN").reason()).contains("after '?'");
    assertThat(error("ERROR -").reason()).contains("after '-'");
    assertThat(error("\"\"").reason()).contains("empty quoted term");
    assertThat(error("\"a\"b").reason()).contains("blank between terms");
  }

  @Test
  void lengthLimitIs1024() {
    String ok = "a".repeat(1024);
    assertThatCode(() -> FilterPattern.parse(ok)).doesNotThrowAnyException();
    PatternSyntaxException e = error("a".repeat(1025));
    assertThat(e.offset()).isEqualTo(1024);
    assertThat(e.reason()).contains("at most 1024");
  }

  @Test
  void nestingDepthIsLimited() {
    String deep = "{ " + "(".repeat(40) + "$.a = 1" + ")".repeat(40) + " }";
    assertThat(error(deep).reason()).contains("nest deeper");
    String fine = "{ " + "(".repeat(20) + "$.a = 1" + ")".repeat(20) + " }";
    assertThat(FilterPattern.parse(fine).match("{\"a\":1}").matched()).isTrue();
  }

  @Test
  void nullIsRejectedNotThrownAsNpe() {
    assertThat(error(null).offset()).isZero();
  }
}
