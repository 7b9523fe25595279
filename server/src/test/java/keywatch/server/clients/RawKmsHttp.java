package keywatch.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Clock;
import keywatch.iam.sigv4.Credential;
import keywatch.iam.sigv4.SigV4Signer;
import keywatch.iam.sigv4.SignedRequest;
import keywatch.server.config.ServerConfig;

/**
 * The KMS endpoint over plain HTTP, without an SDK in between, so a test can send what no SDK
 * would: any target, any bytes. Every request has a timeout, so a server that hangs fails the test
 * instead of stalling the build.
 */
final class RawKmsHttp {
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  /**
   * A well-formed SigV4 Authorization header whose signature cannot verify: for requests that must
   * be refused whatever their signature (odd paths and methods, bodies refused before reading).
   */
  static final String UNVERIFIABLE_AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKIARAWHTTPTEST/20260101/us-east-1/kms/aws4_request, "
      + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0";
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final Credential credential;
  private final String region;
  private final SigV4Signer signer = new SigV4Signer(Clock.systemUTC());
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(REQUEST_TIMEOUT)
      .build();

  /** Requests are signed with SigV4 as the SDKs sign them, with the server's admin key. */
  RawKmsHttp(String endpoint, ServerConfig server) {
    this.endpoint = URI.create(endpoint + "/");
    this.credential = Credential.longTerm(server.adminAccessKeyId(), server.adminSecretAccessKey());
    this.region = server.accountRegion().region();
  }

  URI endpoint() {
    return endpoint;
  }

  /** POST / with the target (none if null) and the body bytes, as an SDK would send it. */
  HttpResponse<String> post(String target, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Host", List.of(endpoint.getHost() + ":" + endpoint.getPort()));
    headers.put("Content-Type", List.of(CONTENT_TYPE));
    if (target != null) {
      headers.put("X-Amz-Target", List.of(target));
    }
    SignedRequest signed = signer.sign(new SignedRequest("POST", "/", "", headers, body), credential, region, "kms");
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
        .timeout(REQUEST_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signed.headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Host")) {
        values.forEach(v -> b.header(name, v));
      }
    });
    return send(b.build());
  }

  HttpResponse<String> post(String target, String body) {
    return post(target, body.getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException staleConnection) {
        // The JDK client reuses pooled keep-alive connections; one the server closed after its
        // previous answer (it closes after refusing a request it did not read) fails at once with
        // no bytes. Every HTTP client retries that case once on a new connection, as we do here;
        // a server that does not answer fails the second attempt too.
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST_TIMEOUT).build()
            .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new AssertionError("no HTTP response to " + request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * An AWS JSON 1.1 error as AWS shapes it: the status, the content type, a request id header, a
   * body that is a JSON object of {@code __type} and (when AWS sends one) {@code message}, and no
   * trace of the implementation.
   *
   * @param message the exact message, {@link #ANY_MESSAGE}, or null when AWS sends none
   * @return the parsed body
   */
  static JsonNode assertAwsError(HttpResponse<String> r, int status, String type, String message) {
    String what = describe(r);
    assertThat(r.statusCode()).as(what).isEqualTo(status);
    JsonNode body = assertAwsErrorShape(r);
    assertThat(body.get("__type").asText()).as(what).isEqualTo(type);
    if (message == null) {
      assertThat(body.has("message")).as("AWS sends no message for " + type + ": " + what).isFalse();
    } else if (message.equals(ANY_MESSAGE)) {
      assertThat(body.path("message").asText()).as(what).isNotBlank();
    } else {
      assertThat(body.path("message").asText()).as(what).isEqualTo(message);
    }
    return body;
  }

  static final String ANY_MESSAGE = "<any non-blank message>";

  /** Any 4xx AWS-shaped error; returns the parsed body. */
  static JsonNode assertAwsErrorShape(HttpResponse<String> r) {
    String what = describe(r);
    assertThat(r.statusCode()).as(what).isBetween(400, 499);
    assertThat(r.headers().firstValue("Content-Type")).as(what).hasValue(CONTENT_TYPE);
    assertThat(r.headers().firstValue("x-amzn-RequestId")).as(what).hasValueSatisfying(id -> assertThat(id).matches(UUID));
    assertNoStackTrace(r);
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("error body is not JSON: " + what, e);
    }
    assertThat(body.isObject()).as(what).isTrue();
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).as(what).contains("__type").isSubsetOf("__type", "message");
    assertThat(body.get("__type").isTextual()).as(what).isTrue();
    assertThat(body.get("__type").asText()).as(what).matches("[A-Za-z]+");
    return body;
  }

  /** No exception class names with frames, no Java package names: nothing about the implementation. */
  static void assertNoStackTrace(HttpResponse<String> r) {
    String body = r.body();
    assertThat(body).as(describe(r))
        .doesNotContain("\tat ")
        .doesNotContain("at keywatch.")
        .doesNotContain("java.")
        .doesNotContain("javax.")
        .doesNotContain("org.eclipse")
        .doesNotContain("com.fasterxml")
        .doesNotContainIgnoringCase("<html");
  }

  static String describe(HttpResponse<String> r) {
    String body = r.body();
    if (body.length() > 2000) {
      body = body.substring(0, 2000) + "...";
    }
    String target = r.request().headers().firstValue("X-Amz-Target").orElse("(no target)");
    if (target.length() > 200) {
      target = target.substring(0, 200) + "...";
    }
    return r.request().method() + " " + r.request().uri() + " " + target
        + " -> " + r.statusCode() + " " + r.headers().map() + " " + body;
  }
}
