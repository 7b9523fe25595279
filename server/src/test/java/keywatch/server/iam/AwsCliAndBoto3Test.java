package keywatch.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keywatch.server.config.LabProfile;
import keywatch.server.sdk.KeywatchHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Requests signed by the other AWS clients: Debian's AWS CLI v2 ({@code /usr/bin/aws}) with a role
 * profile ({@code role_arn} + {@code source_profile}) assumes the lab role and encrypts as it, and
 * boto3 (for {@code /usr/bin/python3}) signs KMS and STS calls that succeed. Each process gets its
 * own HOME, config and credentials files under a temporary directory, an environment without the
 * caller's AWS variables, and a timeout.
 *
 * <p>The CLI (2.9) has no setting for the endpoint of the STS call its role provider makes, so
 * that call is pointed at keywatch the way botocore allows: {@code AWS_DATA_PATH} with an STS
 * endpoint rule set whose one rule is keywatch's URL.
 */
class AwsCliAndBoto3Test {
  static final Path AWS = Path.of("/usr/bin/aws");
  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final ObjectMapper JSON = new ObjectMapper();
  static final long TIMEOUT_SECONDS = 60;

  @TempDir
  static Path dir;

  static KeywatchHarness harness;
  static LabProfile.Applied lab;

  @BeforeAll
  static void start() throws Exception {
    harness = IamFixtures.startServer(dir.resolve("server"));
    lab = harness.server().applyLabProfile();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  record Run(int exitCode, String stdout, String stderr) {}

  static Run run(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("PYTHON") || k.equals("HOME"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s: " + command + "\n" + Files.readString(err));
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** HOME, config and credentials of one client process; nothing from the user's own setup. */
  static Map<String, String> isolatedEnv(Path home, String config, String credentials) throws IOException {
    Files.createDirectories(home);
    Path configFile = Files.writeString(home.resolve("config"), config);
    Path credentialsFile = Files.writeString(home.resolve("credentials"), credentials);
    return new java.util.HashMap<>(Map.of(
        "HOME", home.toString(),
        "AWS_CONFIG_FILE", configFile.toString(),
        "AWS_SHARED_CREDENTIALS_FILE", credentialsFile.toString(),
        "AWS_EC2_METADATA_DISABLED", "true",
        "AWS_PAGER", ""));
  }

  static String adminCredentials() {
    return "[admin]\naws_access_key_id = " + harness.config().adminAccessKeyId()
        + "\naws_secret_access_key = " + harness.config().adminSecretAccessKey() + "\n";
  }

  /**
   * A botocore data directory whose STS endpoint rule set sends every STS call to keywatch: the
   * installed rule set's parameters, one unconditional rule.
   */
  static Path stsEndpointOverride(Path root) throws IOException, InterruptedException {
    Run where = run(Map.of(), List.of(PYTHON.toString(), "-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"));
    assertThat(where.exitCode()).as(where.stderr()).isZero();
    Path installed = Path.of(where.stdout().trim(), "data", "sts", "2011-06-15", "endpoint-rule-set-1.json");
    ObjectNode ruleSet = (ObjectNode) JSON.readTree(installed.toFile());
    ObjectNode rule = JSON.createObjectNode();
    rule.putArray("conditions");
    rule.putObject("endpoint").put("url", harness.server().endpoint()).putObject("properties");
    ((ObjectNode) rule.get("endpoint")).putObject("headers");
    rule.put("type", "endpoint");
    ruleSet.putArray("rules").add(rule);
    Path target = root.resolve("sts").resolve("2011-06-15");
    Files.createDirectories(target);
    JSON.writeValue(target.resolve("endpoint-rule-set-1.json").toFile(), ruleSet);
    return root;
  }

  @Test
  void theAwsCliWithARoleProfileAssumesTheLabRoleAndEncryptsAsIt() throws Exception {
    assertThat(Files.isExecutable(AWS)).as("Debian's AWS CLI is not installed at " + AWS + " (scripts/setup.sh installs it; this test fails rather than skips)").isTrue();
    Path home = dir.resolve("cli-home");
    String config = "[profile admin]\nregion = us-east-1\n\n"
        + "[profile lab]\nrole_arn = " + lab.roleArn() + "\nsource_profile = admin\nrole_session_name = cli-app\n"
        + "region = us-east-1\n";
    Map<String, String> env = isolatedEnv(home, config, adminCredentials());
    env.put("AWS_DATA_PATH", stsEndpointOverride(dir.resolve("botocore-data")).toString());
    String endpoint = harness.server().endpoint();

    Run who = run(env, List.of(AWS.toString(), "--profile", "lab", "--endpoint-url", endpoint,
        "sts", "get-caller-identity", "--output", "json"));
    assertThat(who.exitCode()).as(who.stderr()).isZero();
    assertThat(JSON.readTree(who.stdout()).path("Arn").asText())
        .isEqualTo("arn:aws:sts::" + IamFixtures.ACCOUNT + ":assumed-role/" + LabProfile.ROLE_NAME + "/cli-app");

    String plaintext = Base64.getEncoder().encodeToString("Welcome to ReInvent 2020!".getBytes(StandardCharsets.UTF_8));
    Run enc = run(env, List.of(AWS.toString(), "--profile", "lab", "--endpoint-url", endpoint,
        "kms", "encrypt", "--key-id", LabProfile.KEY_ALIAS, "--plaintext", plaintext, "--output", "json"));
    assertThat(enc.exitCode()).as(enc.stderr()).isZero();
    JsonNode out = JSON.readTree(enc.stdout());
    assertThat(out.path("KeyId").asText()).isEqualTo(lab.keyArn());
    byte[] blob = Base64.getDecoder().decode(out.path("CiphertextBlob").asText());
    assertThat(harness.kms().decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob))).plaintext().asUtf8String())
        .isEqualTo("Welcome to ReInvent 2020!");

    // As the role, a key other than the lab's is refused: the CLI shows KMS's AccessDeniedException.
    String other = harness.kms().createKey(r -> { }).keyMetadata().keyId();
    Run denied = run(env, List.of(AWS.toString(), "--profile", "lab", "--endpoint-url", endpoint,
        "kms", "encrypt", "--key-id", other, "--plaintext", plaintext));
    assertThat(denied.exitCode()).isNotZero();
    assertThat(denied.stderr()).contains("AccessDeniedException").contains("assumed-role/" + LabProfile.ROLE_NAME + "/cli-app");
  }

  static final String BOTO3_SCRIPT = """
      import json, os, sys
      import boto3
      endpoint, role_arn, key = sys.argv[1], sys.argv[2], sys.argv[3]
      session = boto3.session.Session(profile_name="admin", region_name="us-east-1")
      kms = session.client("kms", endpoint_url=endpoint)
      blob = kms.encrypt(KeyId=key, Plaintext=b"from boto3", EncryptionContext={"app": "boto3"})["CiphertextBlob"]
      plain = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "boto3"})["Plaintext"].decode()
      sts = session.client("sts", endpoint_url=endpoint)
      creds = sts.assume_role(RoleArn=role_arn, RoleSessionName="boto3-app")["Credentials"]
      as_role = boto3.session.Session(aws_access_key_id=creds["AccessKeyId"],
          aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"],
          region_name="us-east-1")
      role_kms = as_role.client("kms", endpoint_url=endpoint)
      role_blob = role_kms.encrypt(KeyId=key, Plaintext=b"as the role")["CiphertextBlob"]
      me = as_role.client("sts", endpoint_url=endpoint).get_caller_identity()["Arn"]
      try:
          kms_bad = boto3.session.Session(aws_access_key_id=creds["AccessKeyId"],
              aws_secret_access_key="wrong" + creds["SecretAccessKey"][5:], aws_session_token=creds["SessionToken"],
              region_name="us-east-1").client("kms", endpoint_url=endpoint)
          kms_bad.list_keys()
          bad = "accepted"
      except Exception as e:
          bad = e.response["Error"]["Code"]
      print(json.dumps({"plain": plain, "roleKeyId": role_kms.describe_key(KeyId=key)["KeyMetadata"]["Arn"],
                        "roleBlobLength": len(role_blob), "callerArn": me, "wrongSecret": bad}))
      """;

  @Test
  void boto3SignsKmsAndStsCallsThatSucceed() throws Exception {
    Run probe = run(Map.of(), List.of(PYTHON.toString(), "-c", "import boto3"));
    assertThat(probe.exitCode() == 0).as("boto3 is not installed for " + PYTHON + " (scripts/setup.sh installs it; this test fails rather than skips)").isTrue();
    Path home = dir.resolve("boto3-home");
    Map<String, String> env = isolatedEnv(home, "[profile admin]\nregion = us-east-1\n", adminCredentials());
    Path script = Files.writeString(home.resolve("kms_calls.py"), BOTO3_SCRIPT);

    Run r = run(env, new ArrayList<>(List.of(PYTHON.toString(), script.toString(), harness.server().endpoint(),
        lab.roleArn(), LabProfile.KEY_ALIAS)));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    JsonNode out = JSON.readTree(r.stdout());
    assertThat(out.path("plain").asText()).isEqualTo("from boto3");
    assertThat(out.path("roleKeyId").asText()).isEqualTo(lab.keyArn());
    assertThat(out.path("roleBlobLength").asInt()).isPositive();
    assertThat(out.path("callerArn").asText())
        .isEqualTo("arn:aws:sts::" + IamFixtures.ACCOUNT + ":assumed-role/" + LabProfile.ROLE_NAME + "/boto3-app");
    assertThat(out.path("wrongSecret").asText()).isEqualTo("InvalidSignatureException");
  }
}
