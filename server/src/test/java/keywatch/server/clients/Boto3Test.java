package keywatch.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import keywatch.server.KeywatchServer;
import keywatch.server.config.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's boto3 ({@code /usr/bin/python3}, package python3-boto3) against keywatch. One script,
 * {@code boto3_kms_scenario.py}, runs create_key, encrypt, decrypt, disable_key and the failing
 * calls and prints what boto3 handed back; each test here checks one step of that record against
 * what AWS returns. A missing boto3 fails the test rather than skipping it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class Boto3Test {
  private static final String SCRIPT = "boto3_kms_scenario.py";
  private static final String ARN_PREFIX = "arn:aws:kms:us-east-1:111122223333:key/";

  @TempDir static Path tmp;
  private static KeywatchServer server;
  private static JsonNode steps;
  private static String keyId;
  private static String otherKeyId;

  @BeforeAll
  static void runScenario() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("boto3"));
    ServerConfig config = ServerConfig.forTests(Files.createDirectories(tmp.resolve("data")));
    ExternalCommand shell = ExternalCommand.forAwsClients(work, config);
    shell.requireBoto3();
    server = KeywatchServer.start(config, Clock.systemUTC());
    Path script = work.resolve(SCRIPT);
    try (InputStream in = Boto3Test.class.getResourceAsStream(SCRIPT)) {
      assertThat(in).as("test resource " + SCRIPT).isNotNull();
      Files.copy(in, script);
    }

    ExternalCommand.Result r = shell.run(List.of(ExternalCommand.PYTHON3.toString(), script.toString(), server.endpoint()));

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stderr()).as(r.describe()).isEmpty();
    steps = new ObjectMapper().readTree(r.stdout());
    keyId = steps.get("key_ids").get("key").asText();
    otherKeyId = steps.get("key_ids").get("other").asText();
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void createKeyReturnsKeyMetadata() {
    JsonNode step = success("create_key");
    JsonNode m = step.get("response").get("KeyMetadata");

    assertThat(fieldNames(step.get("response"))).containsExactly("KeyMetadata");
    assertThat(fieldNames(m)).containsExactlyInAnyOrder("AWSAccountId", "KeyId", "Arn", "CreationDate", "Enabled",
        "Description", "KeyUsage", "KeyState", "Origin", "KeyManager", "CustomerMasterKeySpec", "KeySpec",
        "EncryptionAlgorithms", "MultiRegion");
    assertThat(m.get("Arn").asText()).isEqualTo(ARN_PREFIX + keyId);
    assertThat(m.get("Description").asText()).isEqualTo("created by boto3");
    assertThat(m.get("KeyState").asText()).isEqualTo("Enabled");
    assertThat(m.get("Enabled").asBoolean()).isTrue();
    assertThat(m.get("KeySpec").asText()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(m.get("KeyUsage").asText()).isEqualTo("ENCRYPT_DECRYPT");
    // botocore parsed the epoch-seconds timestamp into a timezone-aware datetime.
    assertThat(m.get("CreationDate").get("tz").asText()).isEqualTo("True");
    assertThat(m.get("CreationDate").get("datetime").asText()).endsWith("+00:00");
    // Without a description AWS returns an empty one, not none.
    assertThat(success("create_other_key").get("response").get("KeyMetadata").get("Description").asText()).isEmpty();
  }

  @Test
  void encryptReturnsCiphertextKeyArnAndAlgorithm() {
    JsonNode r = success("encrypt").get("response");

    assertThat(fieldNames(r)).containsExactlyInAnyOrder("CiphertextBlob", "KeyId", "EncryptionAlgorithm");
    assertThat(Base64.getDecoder().decode(r.get("CiphertextBlob").asText())).isNotEmpty();
    assertThat(r.get("KeyId").asText()).isEqualTo(ARN_PREFIX + keyId);
    assertThat(r.get("EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
  }

  @Test
  void decryptReturnsThePlaintext() {
    JsonNode r = success("decrypt").get("response");

    assertThat(fieldNames(r)).containsExactlyInAnyOrder("KeyId", "Plaintext", "EncryptionAlgorithm");
    assertThat(r.get("KeyId").asText()).isEqualTo(ARN_PREFIX + keyId);
    assertThat(r.get("EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(steps.get("decrypt_matches").asBoolean()).as("boto3 got back the bytes it encrypted").isTrue();
  }

  @Test
  void decryptWithTheWrongKeyRaisesIncorrectKeyException() {
    assertClientError("decrypt_wrong_key", "IncorrectKeyException", "Decrypt",
        "The key ID in the request does not identify a CMK that can perform this operation.");
    assertThat(steps.get("modelled_exception").asText())
        .as("caught as kms.exceptions.IncorrectKeyException").isEqualTo("IncorrectKeyException");
    assertThat(otherKeyId).isNotEqualTo(keyId);
  }

  @Test
  void decryptNamingNoKeyRaisesNotFoundException() {
    assertClientError("decrypt_no_such_key", "NotFoundException", "Decrypt", "Invalid keyId some-random-false-key");
  }

  @Test
  void decryptWithAnotherEncryptionContextRaisesInvalidCiphertextExceptionWithoutMessage() {
    assertClientError("decrypt_wrong_context", "InvalidCiphertextException", "Decrypt", "");
  }

  @Test
  void disableKeyReturnsNothingAndTheKeyRefusesToEncrypt() {
    JsonNode disable = success("disable_key");
    assertThat(fieldNames(disable.get("response"))).isEmpty();

    JsonNode m = success("describe_disabled_key").get("response").get("KeyMetadata");
    assertThat(m.get("KeyState").asText()).isEqualTo("Disabled");
    assertThat(m.get("Enabled").asBoolean()).isFalse();

    assertClientError("encrypt_disabled", "DisabledException", "Encrypt", ARN_PREFIX + keyId + " is disabled.");
  }

  private static JsonNode success(String name) {
    JsonNode step = steps.get(name);
    assertThat(step).as(name + " in\n" + steps.toPrettyString()).isNotNull();
    assertThat(step.has("error")).as(name + " failed: " + step).isFalse();
    assertThat(step.get("HTTPStatusCode").asInt()).isEqualTo(200);
    assertThat(step.get("hasRequestId").asBoolean()).as("x-amzn-RequestId reached boto3").isTrue();
    return step;
  }

  private static void assertClientError(String name, String code, String operation, String message) {
    JsonNode step = steps.get(name);
    assertThat(step).as(name + " in\n" + steps.toPrettyString()).isNotNull();
    assertThat(step.has("error")).as(name + " should have failed: " + step).isTrue();
    JsonNode e = step.get("error");
    assertThat(e.get("Code").asText()).isEqualTo(code);
    assertThat(e.get("Message").asText()).isEqualTo(message);
    assertThat(e.get("HTTPStatusCode").asInt()).isEqualTo(400);
    // boto3 raises the modelled subclass of ClientError, named after the code.
    assertThat(e.get("exception").asText()).isEqualTo(code);
    assertThat(e.get("str").asText())
        .isEqualTo("An error occurred (" + code + ") when calling the " + operation + " operation: " + message);
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
