package keywatch.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import keywatch.server.cli.Main;
import keywatch.server.iam.KeywatchIam.Run;
import keywatch.server.sdk.KeywatchHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/** {@code keywatch iam ...}, run in-process against a keywatch on an OS-chosen port. */
class IamCommandTest {
  @TempDir static Path dir;
  static KeywatchHarness harness;
  static KeywatchIam cli;
  static Map<String, String> admin;

  @BeforeAll
  static void start() throws Exception {
    harness = KeywatchHarness.start(dir.resolve("data"));
    cli = new KeywatchIam(harness);
    admin = cli.admin();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  static Map<String, String> credentials(String id, String secret) {
    return cli.credentials(id, secret);
  }

  static Run run(Map<String, String> env, String... args) {
    return KeywatchIam.run(env, args);
  }

  static Run iam(String... args) {
    return cli.iam(args);
  }

  @Test
  void keywatchIamMakesAUserWhoseKeyWorksForWhatItsPolicyAllows() throws Exception {
    String keyArn = harness.kms().createKey(r -> r.description("for bob")).keyMetadata().arn();
    assertThat(iam("create-user", "--user-name", "bob").json().at("/User/Arn").asText())
        .isEqualTo("arn:aws:iam::111122223333:user/bob");
    Path policy = Files.writeString(dir.resolve("bob.json"), Policies.allow("kms:Encrypt", keyArn));
    assertThat(iam("put-user-policy", "--user-name", "bob", "--policy-name", "enc", "--policy-document", "file://" + policy).out())
        .isEmpty();
    assertThat(iam("list-user-policies", "--user-name", "bob").json().get("PolicyNames").get(0).asText()).isEqualTo("enc");
    assertThat(iam("get-user-policy", "--user-name", "bob", "--policy-name", "enc").json().at("/PolicyDocument/Statement/0/Resource").asText())
        .isEqualTo(keyArn);

    JsonNode key = iam("create-access-key", "--user-name", "bob").json().get("AccessKey");
    String id = key.get("AccessKeyId").asText();
    String secret = key.get("SecretAccessKey").asText();
    Run listed = iam("list-access-keys", "--user-name", "bob");
    assertThat(listed.json().at("/AccessKeyMetadata/0/Status").asText()).isEqualTo("Active");
    assertThat(listed.out()).doesNotContain(secret);

    try (KmsClient bob = KeywatchHarness.client(harness.server().endpoint(), id, secret)) {
      bob.encrypt(r -> r.keyId(keyArn).plaintext(SdkBytes.fromUtf8String("x")));
      KmsException denied = catchThrowableOfType(() -> bob.listKeys(), KmsException.class);
      assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");

      // Inactive, the key is refused as if unknown; active again, it works again.
      assertThat(iam("update-access-key", "--user-name", "bob", "--access-key-id", id, "--status", "Inactive").exit()).isZero();
      assertThat(iam("list-access-keys", "--user-name", "bob").json().at("/AccessKeyMetadata/0/Status").asText()).isEqualTo("Inactive");
      KmsException refused = catchThrowableOfType(
          () -> bob.encrypt(r -> r.keyId(keyArn).plaintext(SdkBytes.fromUtf8String("x"))), KmsException.class);
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
      assertThat(iam("update-access-key", "--user-name", "bob", "--access-key-id", id, "--status", "Active").exit()).isZero();
      bob.encrypt(r -> r.keyId(keyArn).plaintext(SdkBytes.fromUtf8String("x")));
    }

    // Deleting follows IAM's order: keys and policies first, then the user.
    Run conflict = iam("delete-user", "--user-name", "bob");
    assertThat(conflict.exit()).isEqualTo(254);
    assertThat(conflict.err()).contains("(DeleteConflict)").contains("must delete access keys first");
    assertThat(iam("delete-access-key", "--user-name", "bob", "--access-key-id", id).exit()).isZero();
    assertThat(iam("delete-user-policy", "--user-name", "bob", "--policy-name", "enc").exit()).isZero();
    assertThat(iam("delete-user", "--user-name", "bob").exit()).isZero();
    assertThat(iam("get-user", "--user-name", "bob").err()).contains("(NoSuchEntity)");
  }

  @Test
  void iamPermissionsComeFromIdentityPolicies() throws Exception {
    iam("create-user", "--user-name", "carol").json();
    JsonNode key = iam("create-access-key", "--user-name", "carol").json().get("AccessKey");
    Map<String, String> carol = credentials(key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText());

    Run denied = run(carol, "iam", "create-user", "--user-name", "eve");
    assertThat(denied.exit()).isEqualTo(254);
    assertThat(denied.err()).isEqualTo("An error occurred (AccessDenied) when calling the CreateUser operation: "
        + "User: arn:aws:iam::111122223333:user/carol is not authorized to perform: iam:CreateUser on resource: "
        + "arn:aws:iam::111122223333:user/eve because no identity-based policy allows the iam:CreateUser action\n");
    assertThat(iam("get-user", "--user-name", "eve").exit()).isEqualTo(254);

    // A user may see itself without naming itself, once a policy lets it.
    iam("put-user-policy", "--user-name", "carol", "--policy-name", "make-users", "--policy-document",
        Policies.allow("iam:*User", "arn:aws:iam::111122223333:user/e*"));
    assertThat(run(carol, "iam", "create-user", "--user-name", "eve").json().at("/User/UserName").asText()).isEqualTo("eve");
    assertThat(run(carol, "iam", "create-user", "--user-name", "frank").exit()).isEqualTo(254);
    assertThat(run(carol, "iam", "get-user").err()).contains("(AccessDenied)").contains("user/carol");
  }

  @Test
  void rootManagesItsOwnKeysWithinIamsQuotaOfTwo() throws Exception {
    JsonNode key = iam("create-access-key").json().get("AccessKey");
    assertThat(key.has("UserName")).isFalse();
    String id = key.get("AccessKeyId").asText();
    try {
      assertThat(iam("list-access-keys").json().get("AccessKeyMetadata").findValuesAsText("AccessKeyId"))
          .contains(id, harness.config().adminAccessKeyId());
      Run third = iam("create-access-key");
      assertThat(third.exit()).isEqualTo(254);
      assertThat(third.err()).contains("(LimitExceeded)").contains("Cannot exceed quota for AccessKeysPerUser: 2");
      assertThat(iam("get-user").json().at("/User/Arn").asText()).isEqualTo("arn:aws:iam::111122223333:root");
    } finally {
      assertThat(iam("delete-access-key", "--access-key-id", id).exit()).isZero();
    }
  }

  @Test
  void rolesAndTheirPolicies() throws Exception {
    JsonNode role = iam("create-role", "--role-name", "worker", "--assume-role-policy-document", Policies.TRUST_ROOT).json();
    assertThat(role.at("/Role/MaxSessionDuration").asInt()).isEqualTo(3600);
    iam("put-role-policy", "--role-name", "worker", "--policy-name", "kms", "--policy-document", Policies.allow("kms:*", "*")).json();
    assertThat(iam("get-role-policy", "--role-name", "worker", "--policy-name", "kms").json().at("/PolicyDocument/Statement/0/Action").asText())
        .isEqualTo("kms:*");
    assertThat(iam("list-role-policies", "--role-name", "worker").json().get("PolicyNames").size()).isEqualTo(1);
    String newTrust = Policies.TRUST_ROOT.replace("sts:AssumeRole", "sts:*");
    iam("update-assume-role-policy", "--role-name", "worker", "--policy-document", newTrust).json();
    assertThat(iam("get-role", "--role-name", "worker").json().at("/Role/AssumeRolePolicyDocument/Statement/0/Action").asText())
        .isEqualTo("sts:*");
    assertThat(iam("delete-role", "--role-name", "worker").err()).contains("(DeleteConflict)");
    iam("delete-role-policy", "--role-name", "worker", "--policy-name", "kms").json();
    iam("delete-role", "--role-name", "worker").json();
    assertThat(iam("list-roles").json().get("Roles").findValuesAsText("RoleName")).doesNotContain("worker");
    Run tooLong = iam("create-role", "--role-name", "r2", "--assume-role-policy-document", Policies.TRUST_ROOT,
        "--max-session-duration", "50000");
    assertThat(tooLong.err()).contains("(ValidationError)").contains("less than or equal to 43200");
  }

  @Test
  void listingsPageThroughEverything() throws Exception {
    for (int i = 0; i < 5; i++) {
      iam("create-user", "--user-name", "page" + i).json();
    }
    assertThat(iam("list-users", "--page-size", "2").json().get("Users").findValuesAsText("UserName"))
        .contains("page0", "page1", "page2", "page3", "page4").doesNotHaveDuplicates();
  }

  @Test
  void clearErrorsWhenKeywatchIsNotThereOrCredentialsAreMissing() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free once closed: nothing listens there
    }
    Map<String, String> env = new HashMap<>(admin);
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port);
    Run down = run(env, "iam", "list-users");
    assertThat(down.exit()).isEqualTo(255);
    assertThat(down.err()).startsWith("keywatch is not running at http://127.0.0.1:" + port);

    Run noCreds = run(Map.of(), "iam", "list-users");
    assertThat(noCreds.exit()).isEqualTo(253);
    assertThat(noCreds.err()).contains("AWS_ACCESS_KEY_ID");

    Run wrongSecret = run(credentials(harness.config().adminAccessKeyId(), "x".repeat(40)), "iam", "list-users");
    assertThat(wrongSecret.exit()).isEqualTo(254);
    assertThat(wrongSecret.err()).contains("(SignatureDoesNotMatch)");

    Run badFile = iam("put-user-policy", "--user-name", "x", "--policy-name", "p", "--policy-document", "file://" + dir.resolve("absent.json"));
    assertThat(badFile.exit()).isEqualTo(252);
    assertThat(badFile.err()).contains("absent.json");

    assertThat(iam("create-user").exit()).isEqualTo(2); // picocli: missing --user-name
  }

  @Test
  void everyCommandHasHelp() {
    CommandLine iam = Main.commandLine().getSubcommands().get("iam");
    assertThat(iam.getSubcommands()).hasSize(21);
    for (String name : iam.getSubcommands().keySet()) {
      Run help = run(admin, "iam", name, "--help");
      assertThat(help.exit()).as(name).isZero();
      assertThat(help.out()).as(name).startsWith("Usage: keywatch iam " + name).contains("--endpoint-url");
    }
    assertThat(run(admin, "iam", "--help").out()).contains("create-access-key").contains("update-assume-role-policy");
  }
}
