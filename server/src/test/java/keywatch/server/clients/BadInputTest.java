package keywatch.server.clients;

import static keywatch.server.clients.RawKmsHttp.ANY_MESSAGE;
import static keywatch.server.clients.RawKmsHttp.assertAwsError;
import static keywatch.server.clients.RawKmsHttp.assertAwsErrorShape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import keywatch.server.KeywatchServer;
import keywatch.server.config.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input over raw HTTP: whatever arrives, the answer is an AWS-shaped 4xx (status, content type
 * {@code application/x-amz-json-1.1}, {@code x-amzn-RequestId}, {@code {"__type", "message"}}),
 * never a 500, an HTML page, a stack trace or a hang. Every request has a 10 s timeout.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BadInputTest {
  private static final String SERIALIZATION = "SerializationException";
  private static final String VALIDATION = "ValidationException";

  @TempDir static Path tmp;
  private static KeywatchServer server;
  private static RawKmsHttp kms;
  private static String keyId;

  @BeforeAll
  static void start() throws Exception {
    server = KeywatchServer.start(ServerConfig.forTests(Files.createDirectories(tmp.resolve("data"))), Clock.systemUTC());
    kms = new RawKmsHttp(server.endpoint(), server.config());
    HttpResponse<String> created = kms.post("TrentService.CreateKey", "{}");
    assertThat(created.statusCode()).as(RawKmsHttp.describe(created)).isEqualTo(200);
    keyId = new ObjectMapper().readTree(created.body()).get("KeyMetadata").get("KeyId").asText();
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  // --- the target

  @Test
  void unknownOperation() {
    assertAwsError(kms.post("TrentService.DestroyAllKeys", "{}"), 400, "UnknownOperationException", null);
  }

  @Test
  void missingTarget() {
    assertAwsError(kms.post(null, "{}"), 400, "UnknownOperationException", null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage", "TrentService.", "TrentService.encrypt", "trentservice.Encrypt",
      "TrentService.Encrypt.Extra", "AWSKMS.Encrypt", "TrentService.Encrypt; DROP TABLE kms_key",
      "TrentService.toString", "TrentService.getClass", "../../etc/passwd", "%00%ff", "TrentService.${jndi:ldap://x}"})
  void garbageTarget(String target) {
    assertAwsError(kms.post(target, "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"aGk=\"}"), 400, "UnknownOperationException", null);
  }

  @Test
  void oversizedTarget() {
    // Beyond Jetty's request-header limit: refused before the handler, still AWS-shaped.
    assertAwsErrorShape(kms.post("TrentService." + "E".repeat(64 * 1024), "{}"));
  }

  // --- the body as JSON

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"KeyId\":", "{\"KeyId\" \"x\"}", "{'KeyId':'x'}", "{\"KeyId\":\"x\",}", "not json",
      "{\"KeyId\":\"x\"} trailing", "{}{}", "\u0000", "{\"KeyId\":NaN}", "{\"KeyId\":\"\\uZZZZ\"}"})
  void malformedJson(String body) {
    assertAwsError(kms.post("TrentService.Encrypt", body), 400, SERIALIZATION, ANY_MESSAGE);
  }

  @Test
  void invalidUtf8() {
    byte[] body = {'{', '"', 'K', 'e', 'y', 'I', 'd', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
    assertAwsError(kms.post("TrentService.Encrypt", body), 400, SERIALIZATION, ANY_MESSAGE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"KeyId\":\"x\"}]", "\"KeyId\"", "42", "true", "null"})
  void jsonThatIsNotAnObject(String body) {
    assertAwsError(kms.post("TrentService.Encrypt", body), 400, SERIALIZATION, ANY_MESSAGE);
  }

  @Test
  void deeplyNestedArrays() {
    String body = "{\"EncryptionContext\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertAwsError(kms.post("TrentService.Encrypt", body), 400, SERIALIZATION, ANY_MESSAGE);
  }

  @Test
  void deeplyNestedObjects() {
    String body = "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000);
    assertAwsError(kms.post("TrentService.ListKeys", body), 400, SERIALIZATION, ANY_MESSAGE);
  }

  @Test
  void unterminatedDeepNesting() {
    assertAwsError(kms.post("TrentService.Encrypt", "[".repeat(200_000)), 400, SERIALIZATION, ANY_MESSAGE);
  }

  @Test
  void tenMegabyteBody() {
    String body = "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + "A".repeat(10 * 1024 * 1024) + "\"}";
    assertAwsErrorShape(kms.post("TrentService.Encrypt", body));
  }

  @Test
  void tenMegabyteBodyWithoutContentLength() {
    // Chunked: the server cannot refuse by the declared length and must stop reading by itself.
    byte[] chunk = "A".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
    HttpRequest request = HttpRequest.newBuilder(kms.endpoint())
        .timeout(RawKmsHttp.REQUEST_TIMEOUT)
        .header("Content-Type", RawKmsHttp.CONTENT_TYPE)
        .header("Authorization", RawKmsHttp.UNVERIFIABLE_AUTHORIZATION)
        .header("X-Amz-Target", "TrentService.Encrypt")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
            java.util.Collections.enumeration(java.util.Collections.nCopies(160, chunk).stream()
                .map(java.io.ByteArrayInputStream::new).toList()))))
        .build();
    assertAwsErrorShape(kms.send(request));
  }

  @Test
  void emptyBody() {
    // An empty body is an empty request: the first required member is missing.
    assertAwsError(kms.post("TrentService.Encrypt", ""), 400, VALIDATION,
        "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
  }

  // --- required members

  @Test
  void missingKeyId() {
    assertAwsError(kms.post("TrentService.Encrypt", "{\"Plaintext\":\"aGk=\"}"), 400, VALIDATION,
        "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
  }

  @Test
  void missingPlaintext() {
    assertAwsError(kms.post("TrentService.Encrypt", "{\"KeyId\":\"" + keyId + "\"}"), 400, VALIDATION,
        "1 validation error detected: Value null at 'plaintext' failed to satisfy constraint: Member must not be null");
  }

  @Test
  void missingCiphertextBlob() {
    assertAwsError(kms.post("TrentService.Decrypt", "{}"), 400, VALIDATION,
        "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
  }

  @Test
  void nullCountsAsMissing() {
    assertAwsError(kms.post("TrentService.Encrypt", "{\"KeyId\":null,\"Plaintext\":\"aGk=\"}"), 400, VALIDATION,
        "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
  }

  // --- members of the wrong type

  @Test
  void numberForKeyId() {
    assertAwsError(kms.post("TrentService.Encrypt", "{\"KeyId\":12345,\"Plaintext\":\"aGk=\"}"), 400, SERIALIZATION,
        "NUMBER_VALUE can not be converted to a String");
  }

  @Test
  void stringForNumberOfBytes() {
    assertAwsError(kms.post("TrentService.GenerateRandom", "{\"NumberOfBytes\":\"32\"}"), 400, SERIALIZATION,
        "STRING_VALUE can not be converted to an Integer");
  }

  @Test
  void objectForPlaintext() {
    assertAwsError(kms.post("TrentService.Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":{\"a\":1}}"), 400,
        SERIALIZATION, ANY_MESSAGE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"NumberOfBytes\":1.5}", "{\"NumberOfBytes\":99999999999999999999}", "{\"NumberOfBytes\":true}",
      "{\"NumberOfBytes\":[32]}", "{\"NumberOfBytes\":1e400}"})
  void wrongNumbers(String body) {
    assertAwsError(kms.post("TrentService.GenerateRandom", body), 400, SERIALIZATION, ANY_MESSAGE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"KeyId\":\"K\",\"Plaintext\":\"aGk=\",\"EncryptionContext\":\"a=b\"}",
      "{\"KeyId\":\"K\",\"Plaintext\":\"aGk=\",\"EncryptionContext\":{\"a\":1}}",
      "{\"KeyId\":\"K\",\"Plaintext\":\"aGk=\",\"EncryptionContext\":{\"a\":{\"b\":\"c\"}}}",
      "{\"KeyId\":\"K\",\"Plaintext\":\"aGk=\",\"GrantTokens\":\"t\"}",
      "{\"KeyId\":\"K\",\"Plaintext\":\"aGk=\",\"GrantTokens\":[1]}",
      "{\"KeyId\":[\"K\"],\"Plaintext\":\"aGk=\"}",
      "{\"KeyId\":\"K\",\"Plaintext\":true}"})
  void wrongContainerTypes(String body) {
    assertAwsError(kms.post("TrentService.Encrypt", body.replace("\"K\"", "\"" + keyId + "\"")), 400, SERIALIZATION, ANY_MESSAGE);
  }

  // --- blobs

  @ParameterizedTest
  @ValueSource(strings = {"!!!notbase64", "a", "aGk=aGk=", "aG k=", "====", "\u00e9\u00e9\u00e9\u00e9"})
  void badBase64Plaintext(String plaintext) {
    assertAwsError(kms.post("TrentService.Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + plaintext + "\"}"),
        400, SERIALIZATION, ANY_MESSAGE);
  }

  @Test
  void badBase64Ciphertext() {
    assertAwsError(kms.post("TrentService.Decrypt", "{\"CiphertextBlob\":\"%%%\"}"), 400, SERIALIZATION, ANY_MESSAGE);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 16, 28, 29, 100, 1000, 6144})
  void ciphertextOfRandomBytes(int length) {
    byte[] random = new byte[length];
    new Random(length).nextBytes(random); // seeded: the same bytes every run
    String blob = Base64.getEncoder().encodeToString(random);

    assertAwsError(kms.post("TrentService.Decrypt", "{\"CiphertextBlob\":\"" + blob + "\"}"), 400,
        "InvalidCiphertextException", null);
    assertAwsError(kms.post("TrentService.Decrypt", "{\"CiphertextBlob\":\"" + blob + "\",\"KeyId\":\"" + keyId + "\"}"), 400,
        "InvalidCiphertextException", null);
  }

  @Test
  void ciphertextLongerThanAwsAllows() {
    String blob = Base64.getEncoder().encodeToString(new byte[6145]);
    assertAwsError(kms.post("TrentService.Decrypt", "{\"CiphertextBlob\":\"" + blob + "\"}"), 400, VALIDATION,
        "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: "
            + "Member must have length less than or equal to 6144");
  }

  @Test
  void emptyPlaintext() {
    assertAwsError(kms.post("TrentService.Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"\"}"), 400, VALIDATION,
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: "
            + "Member must have length greater than or equal to 1");
  }

  // --- HTTP around the protocol

  @Test
  void noCredentialScope() {
    HttpRequest request = HttpRequest.newBuilder(kms.endpoint())
        .timeout(RawKmsHttp.REQUEST_TIMEOUT)
        .header("Content-Type", RawKmsHttp.CONTENT_TYPE)
        .header("X-Amz-Target", "TrentService.ListKeys")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
    assertAwsError(kms.send(request), 400, "MissingAuthenticationTokenException", "Missing Authentication Token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/nope", "/health/x", "//", "//health", "/%2e%2e/", "/a%00b", "/%ff", "/..;/health", "/a/../../b"})
  void oddPaths(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.endpoint() + path))
        .timeout(RawKmsHttp.REQUEST_TIMEOUT)
        .header("Authorization", RawKmsHttp.UNVERIFIABLE_AUTHORIZATION)
        .header("X-Amz-Target", "TrentService.ListKeys")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
    assertAwsErrorShape(kms.send(request));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "DELETE", "PATCH", "OPTIONS"})
  void otherMethods(String method) {
    HttpRequest request = HttpRequest.newBuilder(kms.endpoint())
        .timeout(RawKmsHttp.REQUEST_TIMEOUT)
        .header("Authorization", RawKmsHttp.UNVERIFIABLE_AUTHORIZATION)
        .header("X-Amz-Target", "TrentService.ListKeys")
        .method(method, HttpRequest.BodyPublishers.ofString("{}"))
        .build();
    assertAwsErrorShape(kms.send(request));
  }

  @Test
  void theServerStillWorksAfterAllThat() {
    HttpResponse<String> r = kms.post("TrentService.Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"aGk=\"}");
    assertThat(r.statusCode()).as(RawKmsHttp.describe(r)).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(RawKmsHttp.CONTENT_TYPE);
  }
}
