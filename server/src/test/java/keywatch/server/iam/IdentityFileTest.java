package keywatch.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import keywatch.iam.principal.Role;
import keywatch.iam.principal.User;
import keywatch.server.KeywatchServer;
import keywatch.server.config.ServerConfig;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.server.sdk.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users and roles declared in a file, in the fields of {@code aws iam get-account-authorization-details}:
 * YAML or JSON, policy documents as mappings or strings; a file with a bad policy changes nothing.
 */
class IdentityFileTest {
  static final String ACCOUNT = "111122223333";
  @TempDir Path dir;

  static final String YAML = """
      UserDetailList:
        - UserName: alice
          UserPolicyList:
            - PolicyName: use-keys
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Action: ["kms:Encrypt", "kms:Decrypt"]
                    Resource: "*"
      RoleDetailList:
        - RoleName: pattern1-app-Pattern1ECSTaskRole
          MaxSessionDuration: 7200
          AssumeRolePolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: { AWS: "arn:aws:iam::111122223333:root" }
                Action: sts:AssumeRole
          RolePolicyList:
            - PolicyName: kms
              PolicyDocument: { Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "kms:*", Resource: "*" } ] }
      """;

  static final String JSON = """
      {"UserDetailList": [{"UserName": "bob", "UserPolicyList": [{"PolicyName": "p",
        "PolicyDocument": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"kms:ListKeys\\",\\"Resource\\":\\"*\\"}]}"}]}]}
      """;

  @Test
  void yamlDeclaresUsersAndRolesWithTheirPolicies() throws Exception {
    Path file = Files.writeString(dir.resolve("identities.yaml"), YAML);
    try (KeywatchHarness h = KeywatchHarness.start(ServerConfig.forTests(dir.resolve("data")).withIdentityFile(file), new MutableClock())) {
      User alice = h.server().identities().user(ACCOUNT, "alice").orElseThrow();
      assertThat(alice.policies()).containsOnlyKeys("use-keys");
      Role role = h.server().identities().role(ACCOUNT, "pattern1-app-Pattern1ECSTaskRole").orElseThrow();
      assertThat(role.maxSessionDurationSeconds()).isEqualTo(7200);
      assertThat(role.policies()).containsOnlyKeys("kms");
      // And the IAM API sees them as it sees users it made itself.
      KeywatchIam cli = new KeywatchIam(h);
      assertThat(cli.iam("get-user-policy", "--user-name", "alice", "--policy-name", "use-keys").json()
          .at("/PolicyDocument/Statement/0/Action/1").asText()).isEqualTo("kms:Decrypt");
      assertThat(cli.iam("get-role", "--role-name", "pattern1-app-Pattern1ECSTaskRole").json()
          .at("/Role/AssumeRolePolicyDocument/Statement/0/Principal/AWS").asText()).isEqualTo("arn:aws:iam::111122223333:root");
    }
  }

  @Test
  void jsonDeclaresUsersWithPolicyDocumentsAsStrings() throws Exception {
    Path file = Files.writeString(dir.resolve("identities.json"), JSON);
    try (KeywatchHarness h = KeywatchHarness.start(ServerConfig.forTests(dir.resolve("data")).withIdentityFile(file), new MutableClock())) {
      assertThat(h.server().identities().user(ACCOUNT, "bob").orElseThrow().policies().get("p")).contains("kms:ListKeys");
    }
  }

  @Test
  void aFileWithABadPolicyChangesNothing() throws Exception {
    ServerConfig config = ServerConfig.forTests(dir.resolve("data"));
    Path good = Files.writeString(dir.resolve("good.yaml"), YAML);
    try (KeywatchHarness h = KeywatchHarness.start(config.withIdentityFile(good), new MutableClock())) {
      assertThat(h.server().identities().users()).extracting(User::userName).containsExactly("alice");
    }
    // alice's policy changed, a new user added, and one bad document at the end.
    // (The broken trust policy names no Principal.)
    String bad = YAML.replace("kms:Decrypt", "kms:GenerateDataKey")
        + "  - RoleName: broken\n"
        + "    AssumeRolePolicyDocument: { Version: \"2012-10-17\", Statement: [ { Effect: Allow, Action: \"sts:AssumeRole\" } ] }\n";
    bad = bad.replace("UserDetailList:\n", "UserDetailList:\n  - UserName: carol\n");
    Path badFile = Files.writeString(dir.resolve("bad.yaml"), bad);
    assertThatThrownBy(() -> KeywatchServer.start(config.withIdentityFile(badFile), new MutableClock()).close())
        .hasMessageContaining("malformed policy");
    try (KeywatchHarness h = KeywatchHarness.start(config.withIdentityFile(null), new MutableClock())) {
      assertThat(h.server().identities().users()).extracting(User::userName).containsExactly("alice");
      assertThat(h.server().identities().user(ACCOUNT, "alice").orElseThrow().policies().get("use-keys"))
          .contains("kms:Decrypt").doesNotContain("kms:GenerateDataKey");
      assertThat(h.server().identities().role(ACCOUNT, "broken")).isEmpty();
    }
  }
}
