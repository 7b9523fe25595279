package keywatch.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import keywatch.iam.principal.AccessKey;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.User;
import keywatch.iam.sigv4.Credential;
import keywatch.iam.sigv4.SigV4Signer;
import keywatch.iam.sigv4.SignedRequest;
import keywatch.server.KeywatchServer;
import keywatch.server.config.ServerConfig;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.server.sdk.MutableClock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What the end-to-end identity tests share: a server whose own clock starts at the real time (so
 * the SDK's credential providers, which compare expirations with the wall clock, see live
 * sessions) and can be moved forward; SDK clients for any credentials; IAM users made through the
 * identity store; and raw HTTP requests signed by keywatch's own {@link SigV4Signer}, for the
 * failures an SDK will not produce (a stale date, a body altered after signing).
 */
final class IamFixtures {
  static final String ACCOUNT = ServerConfig.DEFAULT_ACCOUNT;
  static final String REGION = "us-east-1";
  static final String ACCOUNT_KEY_ARN_PREFIX = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private IamFixtures() {}

  /** A server on embedded H2 under {@code dir}; its clock starts now and moves only when told. */
  static KeywatchHarness startServer(Path dir) throws Exception {
    return KeywatchHarness.start(ServerConfig.forTests(dir), new MutableClock(Instant.now()));
  }

  static StaticCredentialsProvider rootCredentials(KeywatchHarness h) {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(h.config().adminAccessKeyId(), h.config().adminSecretAccessKey()));
  }

  static KmsClient kms(KeywatchServer server, AwsCredentialsProvider credentials) {
    return KmsClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(DefaultRetryStrategy.doNotRetry()).build())
        .build();
  }

  static StsClient sts(KeywatchServer server, AwsCredentialsProvider credentials) {
    return StsClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(DefaultRetryStrategy.doNotRetry()).build())
        .build();
  }

  /** Creates (or replaces) IAM user {@code name} with inline policies and a fresh access key. */
  static StaticCredentialsProvider createUser(KeywatchServer server, String name, Map<String, String> policies) {
    Ids ids = new Ids(new SecureRandom());
    Instant now = Instant.now();
    server.identities().putUser(new User(ACCOUNT, name, ids.userId(), now, policies));
    String keyId = ids.accessKeyId();
    String secret = ids.secretAccessKey();
    server.identities().putAccessKey(new AccessKey(keyId, ACCOUNT, name, true, now, secret));
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret));
  }

  /**
   * Asserts that {@code call} fails with the KMS error {@code code} (AccessDeniedException and the
   * SigV4 errors are not in the KMS model, so the SDK raises its base KmsException) and HTTP 400.
   */
  static KmsException kmsError(ThrowingCallable call, String code) {
    KmsException e = catchThrowableOfType(KmsException.class, call);
    assertThat(e).as("a KMS error " + code).isNotNull();
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    assertThat(e.statusCode()).isEqualTo(400);
    return e;
  }

  static String userArn(String name) {
    return "arn:aws:iam::" + ACCOUNT + ":user/" + name;
  }

  static String rootArn() {
    return "arn:aws:iam::" + ACCOUNT + ":root";
  }

  /** An unsigned KMS request (JSON 1.1) to the server, headers as the SDK sets them. */
  static SignedRequest kmsRequest(KeywatchServer server, String action, String jsonBody) {
    return new SignedRequest("POST", "/", "", Map.of(
        "Host", List.of("127.0.0.1:" + server.port()),
        "Content-Type", List.of("application/x-amz-json-1.1"),
        "X-Amz-Target", List.of("TrentService." + action)),
        jsonBody.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@code request} signed for KMS in us-east-1 with {@code credential}, as of {@code clock}. */
  static SignedRequest sign(SignedRequest request, Credential credential, Clock clock) {
    return new SigV4Signer(clock).sign(request, credential, REGION, "kms");
  }

  /** Sends {@code request} as is (Host and Content-Length are the HTTP client's, and match). */
  static HttpResponse<String> send(KeywatchServer server, SignedRequest request) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.endpoint() + request.rawPath()))
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!lower.equals("host") && !lower.equals("content-length")) {
        values.forEach(v -> b.header(name, v));
      }
    });
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
