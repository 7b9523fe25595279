package keywatch.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import keywatch.server.sdk.KeywatchHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad policy documents get IAM's errors (MalformedPolicyDocument, LimitExceeded, ValidationError)
 * and leave the store as it was.
 */
class IamPolicyValidationTest {
  @TempDir static Path dir;
  static KeywatchHarness harness;
  static KeywatchIam cli;
  static final String ACCOUNT = "111122223333";

  @BeforeAll
  static void start() throws Exception {
    harness = KeywatchHarness.start(dir);
    cli = new KeywatchIam(harness);
    cli.iam("create-user", "--user-name", "dave").json();
    cli.iam("put-user-policy", "--user-name", "dave", "--policy-name", "keep", "--policy-document",
        Policies.allow("kms:Encrypt", "*")).json();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  static KeywatchIam.Run put(String policyName, String document) {
    return cli.iam("put-user-policy", "--user-name", "dave", "--policy-name", policyName, "--policy-document", document);
  }

  static Map<String, String> davesPolicies() {
    return harness.server().identities().user(ACCOUNT, "dave").orElseThrow().policies();
  }

  static void assertRefused(KeywatchIam.Run r, String code, String message) {
    assertThat(r.exit()).as(r.err()).isEqualTo(254);
    assertThat(r.err()).contains("(" + code + ")").contains(message);
    assertThat(davesPolicies()).as("nothing stored").containsOnlyKeys("keep")
        .containsEntry("keep", Policies.allow("kms:Encrypt", "*"));
  }

  @Test
  void malformedDocumentsAreRefused() {
    assertRefused(put("p", "{\"Version\":\"2012-10-17\",\"Statement\":["), "MalformedPolicyDocument", "");
    assertRefused(put("p", "not json"), "MalformedPolicyDocument", "");
    assertRefused(put("p", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}"""),
        "MalformedPolicyDocument", "");
    assertRefused(put("p", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*",
         "Condition":{"StringLooksLike":{"aws:username":"x"}}}]}"""), "MalformedPolicyDocument", "");
    // Replacing the existing policy with a bad one keeps the old one.
    assertRefused(put("keep", "{}"), "MalformedPolicyDocument", "");
  }

  @Test
  void oversizedDocumentsAreRefused() {
    String big = Policies.withActions(150);
    assertThat(big.length()).isGreaterThan(2_048);
    assertRefused(put("big", big), "LimitExceeded", "Maximum policy size of 2048 bytes exceeded for user dave");
    // The quota is on all of a user's inline policies together.
    String half = Policies.withActions(60);
    assertThat(half.length()).isBetween(1_000, 1_900);
    assertThat(put("half", half).exit()).isZero();
    KeywatchIam.Run second = put("other-half", half);
    assertThat(second.err()).contains("(LimitExceeded)").contains("Maximum policy size of 2048 bytes exceeded for user dave");
    assertThat(davesPolicies()).containsOnlyKeys("keep", "half");
    // Replacing a policy counts the new text, not the old one beside it.
    assertThat(put("half", half).exit()).isZero();
    assertThat(cli.iam("delete-user-policy", "--user-name", "dave", "--policy-name", "half").exit()).isZero();
    // Past the parameter's own limit the value is refused before it is even parsed.
    assertRefused(put("huge", " ".repeat(131_073)), "ValidationError", "Member must have length less than or equal to 131072");
  }

  @Test
  void whitespaceDoesNotCountAgainstTheQuota() {
    String spaced = Policies.allow("kms:Decrypt", "*").replace(" ", " ".repeat(500));
    assertThat(spaced.length()).isGreaterThan(2_048);
    assertThat(put("spaced", spaced).exit()).isZero();
    assertThat(cli.iam("delete-user-policy", "--user-name", "dave", "--policy-name", "spaced").exit()).isZero();
  }

  @Test
  void badTrustPoliciesCreateNoRole() {
    KeywatchIam.Run r = cli.iam("create-role", "--role-name", "bad", "--assume-role-policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}");
    assertThat(r.err()).contains("(MalformedPolicyDocument)");
    r = cli.iam("create-role", "--role-name", "bad", "--assume-role-policy-document", Policies.allow("kms:*", "*"));
    assertThat(r.err()).contains("(MalformedPolicyDocument)");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      many.append(i == 0 ? "" : ",").append("\"arn:aws:iam::").append(ACCOUNT).append(":user/someone").append(i).append('"');
    }
    String bigTrust = Policies.TRUST_ROOT.replace("\"arn:aws:iam::111122223333:root\"", "[" + many + "]");
    r = cli.iam("create-role", "--role-name", "bad", "--assume-role-policy-document", bigTrust);
    assertThat(r.err()).contains("(LimitExceeded)").contains("Cannot exceed quota for ACLSizePerRole: 2048");
    assertThat(harness.server().identities().role(ACCOUNT, "bad")).isEmpty();
  }
}
