package keywatch.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import keywatch.server.sdk.KeywatchHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The real AWS CLI manages keywatch's principals: {@code aws iam create-user}, {@code put-user-policy},
 * {@code create-access-key}, {@code list-access-keys}; the key it creates then works for exactly
 * the KMS calls its policy allows.
 */
class IamAwsCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static KeywatchHarness harness;
  static AwsCli aws;
  static String adminId;
  static String adminSecret;

  @BeforeAll
  static void start() throws Exception {
    assertThat(AwsCli.installed()).as("the AWS CLI is not installed at " + AwsCli.AWS + " (scripts/setup.sh installs it; this test fails rather than skips)").isTrue();
    harness = KeywatchHarness.start(dir.resolve("data"));
    aws = new AwsCli(dir.resolve("aws"), harness.server().endpoint());
    adminId = harness.config().adminAccessKeyId();
    adminSecret = harness.config().adminSecretAccessKey();
  }

  @AfterAll
  static void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  static JsonNode ok(AwsCli.Run r) throws Exception {
    assertThat(r.exit()).as("aws exit status; stderr: %s", r.err()).isZero();
    return r.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.out());
  }

  @Test
  void aUserMadeWithTheAwsCliCanUseExactlyTheKmsCallsItsPolicyAllows() throws Exception {
    String keyId = harness.kms().createKey(r -> r.description("for alice")).keyMetadata().keyId();
    String keyArn = KeywatchHarness.keyArn(keyId);

    JsonNode user = ok(aws.run(adminId, adminSecret, "iam", "create-user", "--user-name", "alice"));
    assertThat(user.at("/User/UserName").asText()).isEqualTo("alice");
    assertThat(user.at("/User/Arn").asText()).isEqualTo("arn:aws:iam::111122223333:user/alice");
    assertThat(user.at("/User/UserId").asText()).startsWith("AIDA");

    Path policy = Files.writeString(dir.resolve("alice.json"), Policies.allow("kms:Encrypt", keyArn));
    ok(aws.run(adminId, adminSecret, "iam", "put-user-policy", "--user-name", "alice", "--policy-name", "encrypt-only",
        "--policy-document", "file://" + policy));
    JsonNode got = ok(aws.run(adminId, adminSecret, "iam", "get-user-policy", "--user-name", "alice", "--policy-name", "encrypt-only"));
    // The CLI decodes IAM's URL-encoded document back to JSON: proof the encoding is AWS's.
    assertThat(got.at("/PolicyDocument/Statement/0/Action").asText()).isEqualTo("kms:Encrypt");

    JsonNode created = ok(aws.run(adminId, adminSecret, "iam", "create-access-key", "--user-name", "alice"));
    String aliceId = created.at("/AccessKey/AccessKeyId").asText();
    String aliceSecret = created.at("/AccessKey/SecretAccessKey").asText();
    assertThat(aliceId).startsWith("AKIA");
    assertThat(aliceSecret).hasSize(40);
    assertThat(created.at("/AccessKey/Status").asText()).isEqualTo("Active");

    AwsCli.Run listed = aws.run(adminId, adminSecret, "iam", "list-access-keys", "--user-name", "alice");
    JsonNode keys = ok(listed);
    assertThat(keys.at("/AccessKeyMetadata/0/AccessKeyId").asText()).isEqualTo(aliceId);
    assertThat(keys.at("/AccessKeyMetadata/0/UserName").asText()).isEqualTo("alice");
    assertThat(listed.out()).doesNotContain(aliceSecret).doesNotContain("SecretAccessKey");

    try (KmsClient alice = KeywatchHarness.client(harness.server().endpoint(), aliceId, aliceSecret)) {
      assertThat(alice.encrypt(r -> r.keyId(keyArn).plaintext(SdkBytes.fromUtf8String("hi"))).keyId()).isEqualTo(keyArn);
      KmsException denied = catchThrowableOfType(() -> alice.describeKey(r -> r.keyId(keyArn)), KmsException.class);
      assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
      assertThat(denied.awsErrorDetails().errorMessage())
          .startsWith("User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:DescribeKey");
    }

    // And alice, holding no IAM permission, may not make users herself.
    AwsCli.Run refused = aws.run(aliceId, aliceSecret, "iam", "create-user", "--user-name", "mallory");
    assertThat(refused.exit()).isEqualTo(254);
    assertThat(refused.err()).contains("AccessDenied").contains("iam:CreateUser");
  }

  @Test
  void listingsAndErrorsReadAsTheAwsCliExpects() throws Exception {
    ok(aws.run(adminId, adminSecret, "iam", "create-user", "--user-name", "lister"));
    JsonNode users = ok(aws.run(adminId, adminSecret, "iam", "list-users"));
    assertThat(users.get("Users").findValuesAsText("UserName")).contains("lister");

    AwsCli.Run dup = aws.run(adminId, adminSecret, "iam", "create-user", "--user-name", "LISTER");
    assertThat(dup.exit()).isEqualTo(254);
    assertThat(dup.err()).contains("(EntityAlreadyExists)").contains("User with name LISTER already exists.");

    AwsCli.Run missing = aws.run(adminId, adminSecret, "iam", "get-user", "--user-name", "nobody");
    assertThat(missing.exit()).isEqualTo(254);
    assertThat(missing.err()).contains("(NoSuchEntity)").contains("The user with name nobody cannot be found.");

    Path trust = Files.writeString(dir.resolve("trust.json"), Policies.TRUST_ROOT);
    JsonNode role = ok(aws.run(adminId, adminSecret, "iam", "create-role", "--role-name", "app",
        "--assume-role-policy-document", "file://" + trust, "--max-session-duration", "7200"));
    assertThat(role.at("/Role/Arn").asText()).isEqualTo("arn:aws:iam::111122223333:role/app");
    assertThat(role.at("/Role/AssumeRolePolicyDocument/Statement/0/Action").asText()).isEqualTo("sts:AssumeRole");
    assertThat(role.at("/Role/MaxSessionDuration").asInt()).isEqualTo(7200);
    JsonNode roles = ok(aws.run(adminId, adminSecret, "iam", "list-roles"));
    assertThat(roles.get("Roles").findValuesAsText("RoleName")).contains("app");
  }
}
