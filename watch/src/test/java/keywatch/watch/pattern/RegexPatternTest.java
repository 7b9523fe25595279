package keywatch.watch.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@code %regex%} patterns and their documented subset. Source: AWS, "Supported regular
 * expressions (regex) syntax" and "Matching terms using regular expressions", in
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html.
 */
class RegexPatternTest {
  private static boolean matches(String pattern, String message) {
    return FilterPattern.parse(pattern).match(message).matched();
  }

  @Test
  void aRegexIsSearchedAnywhereInTheMessage() {
    assertThat(matches("%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST")).isTrue();
    assertThat(matches("%AUTHORIZED%", "[SUCCESS 200] AUTHORIZED REQUEST")).isTrue();
    assertThat(matches("%AUTHORIZED%", "[ERROR 500] INTERNAL SERVER ERROR")).isFalse();
  }

  @Test
  void documentedOperatorsWork() {
    assertThat(matches("%^ERROR%", "ERROR at start")).isTrue();
    assertThat(matches("%^ERROR%", "an ERROR")).isFalse();
    assertThat(matches("%colou?r%", "color")).isTrue();
    assertThat(matches("%gray|grey%", "grey")).isTrue();
    assertThat(matches("%10\\.10\\.0\\.1%", "from 10.10.0.1")).isTrue();
    assertThat(matches("%10\\.10\\.0\\.1%", "from 10x10x0x1")).isFalse();
    assertThat(matches("%[a-z]{3}-\\d+%", "id abc-42")).isTrue();
    assertThat(matches("%\\x41B%", "xAB")).isTrue();
    assertThat(matches("%\\s\\S\\w\\W\\D%", "a b!c")).isFalse();
  }

  @Test
  void parenthesesAreRejected() {
    assertThatThrownBy(() -> FilterPattern.parse("%(a|b)%"))
        .isInstanceOf(PatternSyntaxException.class)
        .hasMessageContaining("parentheses")
        .extracting(e -> ((PatternSyntaxException) e).offset())
        .isEqualTo(1);
  }

  @Test
  void unsupportedCharactersAreRejectedWithTheirOffset() {
    // AWS's own example: %something!% is rejected because '!' is not supported.
    PatternSyntaxException e = catchSyntax("%something!%");
    assertThat(e.offset()).isEqualTo(10);
    assertThat(e.getMessage()).contains("'!'");
    assertThat(catchSyntax("%caf\u00e9%").offset()).isEqualTo(4);
  }

  @Test
  void unsupportedEscapesAreRejected() {
    assertThat(catchSyntax("%\\bword%").getMessage()).contains("escape");
    assertThat(catchSyntax("%\\x4%").getMessage()).contains("hex");
  }

  @Test
  void aStandaloneRegexTakesTheWholePattern() {
    assertThat(catchSyntax("%ERROR% WARN").offset()).isEqualTo(8);
    assertThat(catchSyntax("%ERROR").getMessage()).contains("unterminated");
    assertThat(catchSyntax("%%").getMessage()).contains("empty");
  }

  @Test
  void atMostTwoRegexesPerStructuredPattern() {
    FilterPattern.parse("{ $.a = %x% && $.b = %y% }");
    PatternSyntaxException e = catchSyntax("{ $.a = %x% && $.b = %y% && $.c = %z% }");
    assertThat(e.offset()).isEqualTo(34);
    assertThat(e.getMessage()).contains("at most 2 regexes");
  }

  @Test
  void invalidRegexStructureIsASyntaxError() {
    assertThat(catchSyntax("%a{%").getMessage()).contains("invalid regex");
    assertThat(catchSyntax("%[a%").getMessage()).contains("invalid regex");
  }

  static PatternSyntaxException catchSyntax(String pattern) {
    try {
      FilterPattern.parse(pattern);
    } catch (PatternSyntaxException e) {
      return e;
    }
    throw new AssertionError("expected " + pattern + " to be rejected");
  }
}
