package keywatch.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Debian's AWS CLI ({@code /usr/bin/aws}, v2) against keywatch with {@code --endpoint-url}: what it
 * prints for create-key, encrypt, decrypt, disable-key and the failures is what it prints against
 * AWS. Errors: the CLI writes a blank line, then {@code An error occurred (Code) when calling the Op
 * operation: message} to stderr and exits 254 (a service error). The CLI must be installed: a missing
 * CLI fails the test rather than skipping it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AwsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SERVICE_ERROR_EXIT = 254;
  private static final String ARN_PREFIX = "arn:aws:kms:us-east-1:111122223333:key/";
  private static final String KEY_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  @TempDir static Path tmp;
  private static KeywatchServer server;
  private static ExternalCommand shell;

  @BeforeAll
  static void start() throws Exception {
    ExternalCommand.requireAwsCli();
    server = KeywatchServer.start(ServerConfig.forTests(Files.createDirectories(tmp.resolve("data"))), Clock.systemUTC());
    shell = ExternalCommand.forAwsClients(Files.createDirectories(tmp.resolve("cli")), server.config());
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void createKeyPrintsKeyMetadata() throws IOException {
    ExternalCommand.Result r = aws("create-key", "--description", "created by the AWS CLI");

    assertSucceeded(r);
    JsonNode out = JSON.readTree(r.stdout());
    assertThat(fieldNames(out)).containsExactly("KeyMetadata");
    JsonNode m = out.get("KeyMetadata");
    assertThat(fieldNames(m)).containsExactly("AWSAccountId", "KeyId", "Arn", "CreationDate", "Enabled",
        "Description", "KeyUsage", "KeyState", "Origin", "KeyManager", "CustomerMasterKeySpec", "KeySpec",
        "EncryptionAlgorithms", "MultiRegion");
    assertThat(m.get("AWSAccountId").asText()).isEqualTo("111122223333");
    assertThat(m.get("KeyId").asText()).matches(KEY_ID);
    assertThat(m.get("Arn").asText()).isEqualTo(ARN_PREFIX + m.get("KeyId").asText());
    // The CLI renders the epoch-seconds timestamp as ISO 8601 with microseconds and an offset.
    assertThat(m.get("CreationDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00");
    assertThat(m.get("Enabled").asBoolean()).isTrue();
    assertThat(m.get("Description").asText()).isEqualTo("created by the AWS CLI");
    assertThat(m.get("KeyUsage").asText()).isEqualTo("ENCRYPT_DECRYPT");
    assertThat(m.get("KeyState").asText()).isEqualTo("Enabled");
    assertThat(m.get("Origin").asText()).isEqualTo("AWS_KMS");
    assertThat(m.get("KeyManager").asText()).isEqualTo("CUSTOMER");
    assertThat(m.get("CustomerMasterKeySpec").asText()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(m.get("KeySpec").asText()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(m.get("EncryptionAlgorithms").toString()).isEqualTo("[\"SYMMETRIC_DEFAULT\"]");
    assertThat(m.get("MultiRegion").asBoolean()).isFalse();
  }

  @Test
  void encryptThenDecryptRoundTrips() throws IOException {
    String keyId = createKey();
    byte[] plaintext = "attack at dawn \u00e9\u0000\u00ff".getBytes(StandardCharsets.UTF_8);
    Path plaintextFile = Files.write(tmp.resolve("plaintext.bin"), plaintext);

    ExternalCommand.Result enc = aws("encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plaintextFile);

    assertSucceeded(enc);
    JsonNode e = JSON.readTree(enc.stdout());
    assertThat(fieldNames(e)).containsExactly("CiphertextBlob", "KeyId", "EncryptionAlgorithm");
    assertThat(e.get("KeyId").asText()).isEqualTo(ARN_PREFIX + keyId);
    assertThat(e.get("EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
    byte[] ciphertext = Base64.getDecoder().decode(e.get("CiphertextBlob").asText());
    assertThat(ciphertext.length).isGreaterThan(plaintext.length);

    ExternalCommand.Result dec = aws("decrypt", "--ciphertext-blob", "fileb://" + writeCiphertext(ciphertext));

    assertSucceeded(dec);
    JsonNode d = JSON.readTree(dec.stdout());
    assertThat(fieldNames(d)).containsExactly("KeyId", "Plaintext", "EncryptionAlgorithm");
    assertThat(d.get("KeyId").asText()).isEqualTo(ARN_PREFIX + keyId);
    assertThat(Base64.getDecoder().decode(d.get("Plaintext").asText())).isEqualTo(plaintext);
    assertThat(d.get("EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
  }

  @Test
  void decryptWithTheWrongKeyPrintsIncorrectKeyException() throws IOException {
    String keyId = createKey();
    String otherKeyId = createKey();
    Path ciphertext = encrypt(keyId, "for the first key only");

    ExternalCommand.Result r = aws("decrypt", "--ciphertext-blob", "fileb://" + ciphertext, "--key-id", otherKeyId);

    assertServiceError(r, "\nAn error occurred (IncorrectKeyException) when calling the Decrypt operation: "
        + "The key ID in the request does not identify a CMK that can perform this operation.\n");
  }

  @Test
  void decryptNamingNoKeyPrintsNotFoundException() throws IOException {
    Path ciphertext = encrypt(createKey(), "secret");

    ExternalCommand.Result r = aws("decrypt", "--ciphertext-blob", "fileb://" + ciphertext,
        "--key-id", "some-random-false-key");

    assertServiceError(r, "\nAn error occurred (NotFoundException) when calling the Decrypt operation: "
        + "Invalid keyId some-random-false-key\n");
  }

  @Test
  void decryptOfDamagedCiphertextPrintsInvalidCiphertextExceptionWithoutDetail() throws IOException {
    Path ciphertext = encrypt(createKey(), "secret");
    byte[] damaged = Files.readAllBytes(ciphertext);
    damaged[damaged.length - 1] ^= 1;

    ExternalCommand.Result r = aws("decrypt", "--ciphertext-blob", "fileb://" + writeCiphertext(damaged));

    // AWS sends no message for InvalidCiphertextException; the CLI prints nothing after the colon.
    assertServiceError(r, "\nAn error occurred (InvalidCiphertextException) when calling the Decrypt operation: \n");
  }

  @Test
  void disableKeyPrintsNothingAndThenEncryptPrintsDisabledException() throws IOException {
    String keyId = createKey();
    Path ciphertext = encrypt(keyId, "sealed before the key was disabled");

    ExternalCommand.Result disable = aws("disable-key", "--key-id", keyId);

    assertThat(disable.exitCode()).as(disable.describe()).isZero();
    assertThat(disable.stdout()).as(disable.describe()).isEmpty();
    assertThat(disable.stderr()).as(disable.describe()).isEmpty();

    ExternalCommand.Result describe = aws("describe-key", "--key-id", keyId);
    assertSucceeded(describe);
    JsonNode m = JSON.readTree(describe.stdout()).get("KeyMetadata");
    assertThat(m.get("KeyState").asText()).isEqualTo("Disabled");
    assertThat(m.get("Enabled").asBoolean()).isFalse();

    Path plaintext = Files.writeString(tmp.resolve("disabled-plaintext.txt"), "too late");
    ExternalCommand.Result enc = aws("encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plaintext);
    assertServiceError(enc, "\nAn error occurred (DisabledException) when calling the Encrypt operation: "
        + ARN_PREFIX + keyId + " is disabled.\n");

    ExternalCommand.Result dec = aws("decrypt", "--ciphertext-blob", "fileb://" + ciphertext);
    assertServiceError(dec, "\nAn error occurred (DisabledException) when calling the Decrypt operation: "
        + ARN_PREFIX + keyId + " is disabled.\n");
  }

  // --- helpers

  private static ExternalCommand.Result aws(String... kmsArgs) {
    List<String> command = new ArrayList<>(List.of(ExternalCommand.AWS_CLI.toString(),
        "--endpoint-url", server.endpoint(), "--output", "json", "kms"));
    command.addAll(List.of(kmsArgs));
    return shell.run(command);
  }

  private static String createKey() throws IOException {
    ExternalCommand.Result r = aws("create-key");
    assertSucceeded(r);
    return JSON.readTree(r.stdout()).get("KeyMetadata").get("KeyId").asText();
  }

  /** Encrypts through the CLI and returns a file holding the raw ciphertext. */
  private static Path encrypt(String keyId, String plaintext) throws IOException {
    Path in = Files.createTempFile(tmp, "plaintext", ".txt");
    Files.writeString(in, plaintext);
    ExternalCommand.Result r = aws("encrypt", "--key-id", keyId, "--plaintext", "fileb://" + in);
    assertSucceeded(r);
    return writeCiphertext(Base64.getDecoder().decode(JSON.readTree(r.stdout()).get("CiphertextBlob").asText()));
  }

  private static Path writeCiphertext(byte[] ciphertext) throws IOException {
    return Files.write(Files.createTempFile(tmp, "ciphertext", ".bin"), ciphertext);
  }

  private static void assertSucceeded(ExternalCommand.Result r) {
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stderr()).as(r.describe()).isEmpty();
  }

  private static void assertServiceError(ExternalCommand.Result r, String expectedStderr) {
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(SERVICE_ERROR_EXIT);
    assertThat(r.stdout()).as(r.describe()).isEmpty();
    assertThat(r.stderr()).as(r.describe()).isEqualTo(expectedStderr);
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
