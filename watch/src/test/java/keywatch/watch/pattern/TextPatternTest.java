package keywatch.watch.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Unstructured text terms. Source: AWS, "Matching terms in unstructured log events", in
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html.
 */
class TextPatternTest {
  private static boolean matches(String pattern, String message) {
    return FilterPattern.parse(pattern).match(message).matched();
  }

  @Test
  void aTermMatchesAsACaseSensitiveSubstring() {
    assertThat(matches("ERROR", "[ERROR] A fatal exception has occurred")).isTrue();
    assertThat(matches("ERROR", "Exiting with ERRORCODE: -1")).isTrue();
    assertThat(matches("ERROR", "error: lower case")).isFalse();
  }

  @Test
  void allPlainTermsMustOccurInAnyOrder() {
    assertThat(matches("ERROR Exception", "[ERROR] Caught IllegalArgumentException")).isTrue();
    assertThat(matches("Exception ERROR", "[ERROR] Caught IllegalArgumentException")).isTrue();
    assertThat(matches("ERROR Exception", "[ERROR] Caught nothing")).isFalse();
  }

  @Test
  void aQuotedPhraseMatchesExactlyIncludingItsBlanks() {
    assertThat(matches("\"Failed to process the request\"", "[WARN] Failed to process the request")).isTrue();
    assertThat(matches("\"Failed to process the request\"", "[WARN] Failed to process  the request")).isFalse();
  }

  @Test
  void quotedTermsMayHoldAnyCharacterAndEscapedQuotes() {
    assertThat(matches("\"[ERROR 400]\"", "[ERROR 400] BAD REQUEST")).isTrue();
    assertThat(matches("\"say \\\"hi\\\"\"", "they say \"hi\" twice")).isTrue();
  }

  @Test
  void questionMarkTermsMatchIfAnyOccurs() {
    assertThat(matches("?ERROR ?WARN", "WARN message")).isTrue();
    assertThat(matches("?ERROR ?WARN", "INFO message")).isFalse();
  }

  @Test
  void questionMarkTermsAreIgnoredNextToOtherTerms() {
    // shared/oracles/filter-patterns.json notes: "If '?' terms are combined with other terms,
    // the '?' terms are ignored."
    assertThat(matches("message ?ERROR", "INFO message")).isTrue();
    assertThat(matches("-DEBUG ?ERROR", "INFO message")).isTrue();
  }

  @Test
  void minusTermsExclude() {
    assertThat(matches("ERROR -ARGUMENTS", "[ERROR 419] MISSING ARGUMENTS")).isFalse();
    assertThat(matches("ERROR -ARGUMENTS", "[ERROR 400] BAD REQUEST")).isTrue();
    assertThat(matches("\"ERROR\" -\"Exiting\"", "Exiting with ERRORCODE: -1")).isFalse();
    assertThat(matches("-DEBUG", "INFO only")).isTrue();
  }

  @Test
  void theEmptyPatternMatchesEveryEvent() {
    assertThat(matches("", "anything")).isTrue();
    assertThat(matches("   ", "")).isTrue();
    assertThat(FilterPattern.parse("").ast()).isEqualTo(new PatternNode.MatchAll());
  }

  @Test
  void aQuotedBlankMatchesEventsWithABlank() {
    assertThat(matches("\" \"", "[ERROR 400] BAD REQUEST")).isTrue();
    assertThat(matches("\" \"", "nospace")).isFalse();
  }

  @Test
  void parsesIntoTermsWithTheirKind() {
    assertThat(FilterPattern.parse("a ?\"b c\" -d").ast())
        .isEqualTo(
            new PatternNode.TextPattern(
                java.util.List.of(
                    new TextTerm(TextTerm.Kind.REQUIRED, "a"),
                    new TextTerm(TextTerm.Kind.OPTIONAL, "b c"),
                    new TextTerm(TextTerm.Kind.EXCLUDED, "d"))));
  }
}
