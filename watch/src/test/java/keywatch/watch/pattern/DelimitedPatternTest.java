package keywatch.watch.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Space-delimited patterns. Source: AWS, "Matching terms in space-delimited log events", in
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html, whose
 * example event is the Apache log line below.
 */
class DelimitedPatternTest {
  static final String APACHE =
      "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534";
  static final String ALL_FIELDS = "[ip, user, username, timestamp, request, status_code, bytes]";

  private static boolean matches(String pattern, String message) {
    return FilterPattern.parse(pattern).match(message).matched();
  }

  @Test
  void bracketedAndQuotedTextIsOneField() {
    MatchResult r = FilterPattern.parse(ALL_FIELDS).match(APACHE);
    assertThat(r.matched()).isTrue();
    assertThat(r.extractedValues())
        .containsEntry("$ip", "127.0.0.1")
        .containsEntry("$user", "-")
        .containsEntry("$username", "frank")
        .containsEntry("$timestamp", "10/Oct/2000:13:25:15 -0700")
        .containsEntry("$request", "GET /index.html HTTP/1.0")
        .containsEntry("$status_code", "404")
        .containsEntry("$bytes", "1534")
        .containsEntry("$1", "127.0.0.1")
        .containsEntry("$7", "1534")
        .hasSize(14);
  }

  @Test
  void withoutEllipsisTheFieldCountMustBeEqual() {
    assertThat(matches("[ip, user, username, timestamp, request, status_code]", APACHE)).isFalse();
    assertThat(matches("[ip, user, username, timestamp, request, status_code, bytes, extra]", APACHE)).isFalse();
  }

  @Test
  void ellipsisStandsForAnyNumberOfFields() {
    MatchResult r = FilterPattern.parse("[..., status_code, bytes]").match(APACHE);
    assertThat(r.matched()).isTrue();
    assertThat(r.extractedValues()).containsEntry("$status_code", "404").containsEntry("$2", "404");
    assertThat(matches("[ip, ..., bytes]", APACHE)).isTrue();
    assertThat(matches("[ip, ..., status_code = 404, ..., bytes]", APACHE)).isTrue();
    assertThat(matches("[..., ip, user, username, timestamp, request, status_code, bytes, ...]", APACHE)).isTrue();
    assertThat(matches("[a, b, c, d, e, f, g, h, ...]", APACHE)).isFalse();
  }

  @Test
  void equalityComparesTextOrNumbers() {
    assertThat(matches("[ip, user, username, timestamp, request, status_code = 404, bytes]", APACHE)).isTrue();
    assertThat(matches("[ip, user, username, timestamp, request, status_code = 404.0, bytes]", APACHE)).isTrue();
    assertThat(matches("[ip, user, username = frank, ...]", APACHE)).isTrue();
    assertThat(matches("[ip, user, username = \"frank\", ...]", APACHE)).isTrue();
    assertThat(matches("[ip, user, username != frank, ...]", APACHE)).isFalse();
    assertThat(matches("[..., status_code != 200, bytes]", APACHE)).isTrue();
  }

  @Test
  void wildcardsMatchPrefixesAndSuffixes() {
    assertThat(matches("[ip, user, username, timestamp, request, status_code = 4*, bytes]", APACHE)).isTrue();
    assertThat(matches("[ip, user, username, timestamp, request = *.html*, status_code = 4*, bytes]", APACHE)).isTrue();
    assertThat(matches("[ip, user, username, timestamp, request = *.php*, status_code, bytes]", APACHE)).isFalse();
  }

  @Test
  void numericComparisons() {
    assertThat(matches("[..., bytes > 1000]", APACHE)).isTrue();
    assertThat(matches("[..., bytes >= 1534]", APACHE)).isTrue();
    assertThat(matches("[..., bytes < 1534]", APACHE)).isFalse();
    assertThat(matches("[..., bytes <= 1.534e3]", APACHE)).isTrue();
    assertThat(matches("[ip, user, username > 1, ...]", APACHE)).isFalse();
  }

  @Test
  void andOrInsideOneField() {
    assertThat(matches("[..., status_code = 404 || status_code = 410, bytes]", APACHE)).isTrue();
    assertThat(matches("[..., status_code = 400 || status_code = 410, bytes]", APACHE)).isFalse();
    assertThat(matches("[..., status_code, bytes >= 1000 && bytes < 2000]", APACHE)).isTrue();
    assertThat(matches("[..., status_code, bytes >= 1000 && bytes < 1500]", APACHE)).isFalse();
    // && binds tighter than ||
    assertThat(matches("[..., bytes = 1 && bytes = 2 || bytes = 1534]", APACHE)).isTrue();
  }

  @Test
  void regexInsideAField() {
    assertThat(matches("[ip = %^127\\.%, ...]", APACHE)).isTrue();
    assertThat(matches("[ip != %^127\\.%, ...]", APACHE)).isFalse();
  }

  @Test
  void simpleWordFields() {
    // The "[w1=ERROR, w2]" example: first word ERROR, exactly two words.
    assertThat(matches("[w1=ERROR, w2]", "ERROR 400")).isTrue();
    assertThat(matches("[w1=ERROR, w2]", "WARN 400")).isFalse();
    assertThat(matches("[w1=ERROR, w2]", "ERROR 400 extra")).isFalse();
  }

  @Test
  void parsedShape() {
    assertThat(FilterPattern.parse("[a, ..., b = 1 || b = x]").ast())
        .isEqualTo(
            new PatternNode.DelimitedPattern(
                java.util.List.of(
                    new DelimitedField.Named("a", java.util.Optional.empty()),
                    new DelimitedField.Ellipsis(),
                    new DelimitedField.Named(
                        "b",
                        java.util.Optional.of(
                            new FieldCondition.Any(
                                java.util.List.of(
                                    new FieldCondition.Compare(Operator.EQ, new Value.NumberValue("1")),
                                    new FieldCondition.Compare(Operator.EQ, new Value.StringValue("x")))))))));
  }

  @Test
  void valueOfReadsNamedAndPositionalFields() {
    MatchResult r = FilterPattern.parse(ALL_FIELDS).match(APACHE);
    assertThat(r.valueOf("$bytes")).contains("1534");
    assertThat(r.valueOf("$6")).contains("404");
    assertThat(r.valueOf("$nope")).isEmpty();
    assertThat(FilterPattern.parse("[a]").match("x y").valueOf("$a")).isEmpty();
    assertThat(FilterPattern.parse("ERROR").match("ERROR").extractedValues()).isEqualTo(Map.of());
  }
}
