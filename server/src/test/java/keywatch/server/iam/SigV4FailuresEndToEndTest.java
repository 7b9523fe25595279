package keywatch.server.iam;

import static keywatch.server.iam.IamFixtures.kmsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import keywatch.iam.sigv4.Credential;
import keywatch.iam.sigv4.SignedRequest;
import keywatch.server.sdk.KeywatchHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Every way a request's authentication can fail, through the real HTTP endpoint, each with AWS's
 * error: from the AWS SDK where it can make the mistake (a wrong secret, an unknown key, an expired
 * session), and from raw requests signed by keywatch's SigV4Signer where it cannot (a date six
 * minutes old, a body changed after signing, no signature at all).
 */
class SigV4FailuresEndToEndTest {
  static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you"
      + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

  @TempDir
  static Path dir;

  static KeywatchHarness harness;
  static String keyId;

  @BeforeAll
  static void start() throws Exception {
    harness = IamFixtures.startServer(dir);
    keyId = harness.kms().createKey(r -> { }).keyMetadata().keyId();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  static Credential root() {
    return Credential.longTerm(harness.config().adminAccessKeyId(), harness.config().adminSecretAccessKey());
  }

  static String encryptBody(String plaintext) {
    return "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\""
        + java.util.Base64.getEncoder().encodeToString(plaintext.getBytes(StandardCharsets.UTF_8)) + "\"}";
  }

  static Map<String, String> error(HttpResponse<String> r) throws Exception {
    var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    return Map.of("__type", n.path("__type").asText(), "message", n.path("message").asText());
  }

  @Test
  void aRequestSignedCorrectlyByTheSignerSucceeds() throws Exception {
    SignedRequest signed = IamFixtures.sign(IamFixtures.kmsRequest(harness.server(), "Encrypt", encryptBody("hi")),
        root(), Clock.systemUTC());
    HttpResponse<String> r = IamFixtures.send(harness.server(), signed);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("CiphertextBlob");
  }

  @Test
  void aWrongSecretIsInvalidSignatureException() {
    try (KmsClient wrong = IamFixtures.kms(harness.server(), StaticCredentialsProvider.create(
        AwsBasicCredentials.create(harness.config().adminAccessKeyId(), "not-the-secret-" + "x".repeat(25))))) {
      var e = kmsError(() -> wrong.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))),
          "InvalidSignatureException");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(SIGNATURE_MISMATCH);
    }
  }

  @Test
  void anUnknownAccessKeyIsUnrecognizedClientException() {
    try (KmsClient unknown = IamFixtures.kms(harness.server(), StaticCredentialsProvider.create(
        AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")))) {
      var e = kmsError(() -> unknown.listKeys(), "UnrecognizedClientException");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is invalid.");
    }
  }

  @Test
  void aDateSixMinutesOldIsInvalidSignatureExceptionSignatureExpired() throws Exception {
    Clock sixMinutesBehind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6));
    SignedRequest stale = IamFixtures.sign(IamFixtures.kmsRequest(harness.server(), "Encrypt", encryptBody("hi")),
        root(), sixMinutesBehind);
    HttpResponse<String> r = IamFixtures.send(harness.server(), stale);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).get("__type")).isEqualTo("InvalidSignatureException");
    assertThat(error(r).get("message")).startsWith("Signature expired: ").endsWith(" - 5 min.)");
    // AWS's full sentence: "Signature expired: <request time> is now earlier than <now - 5 min> (<now> - 5 min.)"
    assertThat(error(r).get("message")).matches("Signature expired: \\d{8}T\\d{6}Z is now earlier than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 5 min\\.\\)");
  }

  @Test
  void aSignedRequestReplayedWithAnAlteredBodyIsInvalidSignatureException() throws Exception {
    SignedRequest original = IamFixtures.sign(IamFixtures.kmsRequest(harness.server(), "Encrypt", encryptBody("pay 10")),
        root(), Clock.systemUTC());
    assertThat(IamFixtures.send(harness.server(), original).statusCode()).isEqualTo(200);

    // The same headers, signature included, with one byte of the body changed.
    SignedRequest altered = new SignedRequest(original.method(), original.rawPath(), original.rawQuery(),
        original.headers(), encryptBody("pay 99").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = IamFixtures.send(harness.server(), altered);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r)).containsEntry("__type", "InvalidSignatureException").containsEntry("message", SIGNATURE_MISMATCH);
  }

  @Test
  void anUnsignedRequestIsMissingAuthenticationTokenException() throws Exception {
    HttpResponse<String> r = IamFixtures.send(harness.server(),
        IamFixtures.kmsRequest(harness.server(), "ListKeys", "{}"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r)).containsEntry("__type", "MissingAuthenticationTokenException")
        .containsEntry("message", "Missing Authentication Token");
  }

  @Test
  void aSessionPastItsExpiryIsExpiredTokenException() throws Exception {
    String trustAccount = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"" + IamFixtures.rootArn() + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    String useKeys = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    harness.server().identities().putRole(new keywatch.iam.principal.Role(IamFixtures.ACCOUNT, "short-lived",
        "AROAEXAMPLESHORTLIVED", java.time.Instant.now(), trustAccount, 3600, Map.of("keys", useKeys)));
    Credentials session;
    try (StsClient sts = IamFixtures.sts(harness.server(), IamFixtures.rootCredentials(harness))) {
      session = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + IamFixtures.ACCOUNT + ":role/short-lived")
          .roleSessionName("brief").durationSeconds(900)).credentials();
    }
    try (KmsClient asRole = IamFixtures.kms(harness.server(), StaticCredentialsProvider.create(
        AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))) {
      assertThat(asRole.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))).keyId()).endsWith(keyId);

      harness.clock().advance(Duration.ofSeconds(901)); // keywatch's clock; signatures still use the wall clock
      var e = kmsError(() -> asRole.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))),
          "ExpiredTokenException");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is expired");
    }
  }

  @Test
  void aSessionTokenThatIsNotTheKeysIsRejected() throws Exception {
    SignedRequest withForeignToken = IamFixtures.sign(IamFixtures.kmsRequest(harness.server(), "ListKeys", "{}"),
        new Credential(root().accessKeyId(), root().secretAccessKey(), "FwoGZXIvYXdzEXAMPLETOKEN", null), Clock.systemUTC());
    HttpResponse<String> r = IamFixtures.send(harness.server(), withForeignToken);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r)).containsEntry("__type", "UnrecognizedClientException")
        .containsEntry("message", "The security token included in the request is invalid.");
  }
}
