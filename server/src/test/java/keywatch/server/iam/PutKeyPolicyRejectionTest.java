package keywatch.server.iam;

import static keywatch.server.iam.IamFixtures.kmsError;
import static keywatch.server.iam.IamFixtures.rootArn;
import static keywatch.server.iam.IamFixtures.userArn;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import keywatch.server.sdk.KeywatchHarness;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * PutKeyPolicy refuses what it cannot store, with AWS's error, and the key keeps its old policy:
 * malformed JSON, an unknown condition operator (MalformedPolicyDocumentException), a policy over
 * 32,768 characters (LimitExceededException), and a policy that would lock the caller out, unless
 * the caller says BypassPolicyLockoutSafetyCheck.
 */
class PutKeyPolicyRejectionTest {
  static final String ROOT_STATEMENT = "{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\","
      + "\"Principal\":{\"AWS\":\"" + rootArn() + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}";

  @TempDir
  static Path dir;

  static KeywatchHarness harness;
  static KmsClient kms;

  @BeforeAll
  static void start() throws Exception {
    harness = IamFixtures.startServer(dir);
    kms = harness.kms();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  /** Asserts the call fails with {@code code} and the key's policy is still {@code before}. */
  static String rejected(String keyId, String before, ThrowingCallable call, String code) {
    String message = kmsError(call, code).awsErrorDetails().errorMessage();
    assertThat(kms.getKeyPolicy(r -> r.keyId(keyId)).policy()).as("the stored policy").isEqualTo(before);
    return message;
  }

  static String[] newKeyAndPolicy() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    return new String[] {keyId, kms.getKeyPolicy(r -> r.keyId(keyId)).policy()};
  }

  @Test
  void malformedJsonIsMalformedPolicyDocumentException() {
    String[] k = newKeyAndPolicy();
    String message = rejected(k[0], k[1], () -> kms.putKeyPolicy(r -> r.keyId(k[0]).policy(
        "{\"Version\":\"2012-10-17\",\"Statement\":[" + ROOT_STATEMENT)), "MalformedPolicyDocumentException");
    assertThat(message).startsWith("Syntax errors in policy.").contains("(line 1, column ").doesNotContain("[Source:");
  }

  @Test
  void anUnknownConditionOperatorIsMalformedPolicyDocumentException() {
    String[] k = newKeyAndPolicy();
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[" + ROOT_STATEMENT + ",{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"" + userArn("app") + "\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEqualsPerhaps\":{\"kms:EncryptionContext:Department\":\"IT\"}}}]}";
    String message = rejected(k[0], k[1], () -> kms.putKeyPolicy(r -> r.keyId(k[0]).policy(policy)),
        "MalformedPolicyDocumentException");
    assertThat(message).contains("StringEqualsPerhaps");
  }

  @Test
  void aPolicyOf32769CharactersIsLimitExceededExceptionAnd32768IsStored() {
    String[] k = newKeyAndPolicy();
    String head = "{\"Version\":\"2012-10-17\",\"Statement\":[" + ROOT_STATEMENT + "]}";
    String exactly32768 = head + " ".repeat(32768 - head.length());
    String oneMore = exactly32768 + " ";
    assertThat(oneMore).hasSize(32769);
    rejected(k[0], k[1], () -> kms.putKeyPolicy(r -> r.keyId(k[0]).policy(oneMore)), "LimitExceededException");

    kms.putKeyPolicy(r -> r.keyId(k[0]).policy(exactly32768));
    assertThat(kms.getKeyPolicy(r -> r.keyId(k[0])).policy()).isEqualTo(exactly32768);
  }

  @Test
  void aPolicyThatLocksTheCallerOutIsRefusedUnlessTheCallerBypassesTheCheck() {
    String[] k = newKeyAndPolicy();
    String onlyAlice = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + userArn("alice") + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    String message = rejected(k[0], k[1], () -> kms.putKeyPolicy(r -> r.keyId(k[0]).policy(onlyAlice)),
        "MalformedPolicyDocumentException");
    assertThat(message).isEqualTo("The new key policy will not allow you to update the key policy in the future.");
    // The same at creation.
    kmsError(() -> kms.createKey(r -> r.policy(onlyAlice)), "MalformedPolicyDocumentException");

    // A caller who means it can bypass the check; then the root is locked out, as on AWS.
    kms.putKeyPolicy(r -> r.keyId(k[0]).policy(onlyAlice).bypassPolicyLockoutSafetyCheck(true));
    // The key policy itself no longer names the root or its account.
    assertThat(kmsError(() -> kms.getKeyPolicy(r -> r.keyId(k[0])), "AccessDeniedException").awsErrorDetails()
        .errorMessage()).isEqualTo("User: " + rootArn() + " is not authorized to perform: kms:GetKeyPolicy on resource: "
            + IamFixtures.ACCOUNT_KEY_ARN_PREFIX + k[0] + " because no resource-based policy allows the kms:GetKeyPolicy action");
  }

  @Test
  void createKeyWithAMalformedPolicyCreatesNothing() {
    int before = kms.listKeys().keys().size();
    kmsError(() -> kms.createKey(r -> r.policy("{\"Statement\":[{\"Effect\":\"Allow\"}]}")), "MalformedPolicyDocumentException");
    assertThat(kms.listKeys().keys()).hasSize(before);
  }
}
