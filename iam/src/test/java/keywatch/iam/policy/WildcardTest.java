package keywatch.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Patterns and policy variables, including the forms that are not variables at all. */
class WildcardTest {
    private static final RequestContext ALICE = RequestContext.builder().condition("aws:username", "alice")
            .condition("aws:PrincipalTag/team", "a", "b").build();

    private static boolean like(String pattern, String value) {
        return Wildcard.compile(pattern, false, true, true).matches(value, ALICE);
    }

    @Test
    void variablesResolveCaseInsensitivelyByKeyName() {
        assertThat(like("home/${aws:username}/*", "home/alice/x")).isTrue();
        assertThat(like("home/${AWS:UserName}/*", "home/alice/x")).isTrue();
        assertThat(like("home/${aws:username}/*", "home/bob/x")).isFalse();
    }

    @Test
    void aMultiValuedKeyIsNoVariableValueAndTheDefaultIsUsedWhenAbsent() {
        assertThat(like("${aws:PrincipalTag/team}", "a")).isFalse();
        assertThat(like("${aws:PrincipalTag/team, 'x'}", "x")).isFalse(); // present (twice), so no default
        assertThat(like("${aws:PrincipalTag/dept, 'none'}", "none")).isTrue();
        assertThat(like("${aws:PrincipalTag/dept,'none'}", "none")).isTrue();
    }

    @Test
    void escapesAndNonVariablesAreText() {
        assertThat(like("${*}${?}${$}", "*?$")).isTrue();
        assertThat(like("${*}", "x")).isFalse();
        assertThat(like("a${b", "a${b")).isTrue();              // unterminated: text
        assertThat(like("${}", "${}")).isTrue();                // empty name: text
        assertThat(like("${x, unquoted}", "${x, unquoted}")).isTrue();
        assertThat(Wildcard.compile("${aws:username}", false, true, false).matches("${aws:username}", ALICE)).isTrue();
    }

    @Test
    void equalsSemanticsTreatWildcardsAsCharacters() {
        Wildcard eq = Wildcard.compile("a*b?", false, false, false);
        assertThat(eq.matches("a*b?", null)).isTrue();
        assertThat(eq.matches("axxbc", null)).isFalse();
        Wildcard ci = Wildcard.compile("KMS:Encrypt", true, false, false);
        assertThat(ci.matches("kms:encrypt", null)).isTrue();
        assertThat(ci.matches("kms:encrypt2", null)).isFalse();
    }

    @Test
    void fastPathsAgreeWithTheGeneralMatcher() {
        assertThat(Wildcard.compile("kms:*", true, true, false).matches("KMS:Decrypt", null)).isTrue();
        assertThat(Wildcard.compile("kms:*", true, true, false).matches("kms", null)).isFalse();
        assertThat(Wildcard.compile("*", false, true, false).matches("", null)).isTrue();
        assertThat(Wildcard.compile("", false, true, false).matches("", null)).isTrue();
        assertThat(Wildcard.compile("", false, true, false).matches("a", null)).isFalse();
        assertThat(Wildcard.compile("a**b", false, true, false).matches("ab", null)).isTrue();
    }

    @Test
    void arnFieldsSplitOnTheFirstFiveColonsOutsideVariables() {
        assertThat(Wildcard.arnFields("arn:aws:logs:r:1:log-group:x:*", false))
                .containsExactly("arn", "aws", "logs", "r", "1", "log-group:x:*");
        assertThat(Wildcard.arnFields("arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}", true))
                .containsExactly("arn", "aws", "iam", "", "${aws:PrincipalAccount}", "user/${aws:username}");
        assertThat(Wildcard.arnFields("arn:aws:s3", false)).isNull();
    }
}
