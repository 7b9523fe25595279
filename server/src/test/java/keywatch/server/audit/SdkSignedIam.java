package keywatch.server.audit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import keywatch.server.sdk.KeywatchHarness;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import keywatch.server.sdk.KeywatchHarness;

/**
 * IAM query-protocol calls as the AWS SDK for Java v2 makes them: the form body its IAM client
 * sends ({@code Action=...&Version=2010-05-08&...}, {@code application/x-www-form-urlencoded;
 * charset=utf-8}), signed by the SDK's own {@link AwsV4HttpSigner} for service "iam" in us-east-1.
 * The SDK's generated {@code IamClient} (artifact {@code software.amazon.awssdk:iam}) is not among
 * the project's dependencies; this is the same request without its marshaller.
 */
final class SdkSignedIam {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One answer: status, IAM error code (null on success), request id, and the XML body. */
  record Answer(int status, String errorCode, String requestId, String body) {
    String element(String name) {
      Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(body);
      return m.find() ? m.group(1) : null;
    }
  }

  /** A role trust policy that lets the test account's root (the admin key) assume the role. */
  static final String ACCOUNT_ROOT_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + KeywatchHarness.ACCOUNT + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";

  private final String endpoint;
  private final String accessKeyId;
  private final String secretAccessKey;

  SdkSignedIam(String endpoint, String accessKeyId, String secretAccessKey) {
    this.endpoint = endpoint;
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
  }

  /** Calls signed with the harness's admin (root) access key. */
  static SdkSignedIam asAdmin(KeywatchHarness harness) {
    return new SdkSignedIam(harness.server().endpoint(), harness.config().adminAccessKeyId(),
        harness.config().adminSecretAccessKey());
  }

  /** Calls {@code action} with the given name/value parameters. */
  Answer call(String action, String... nameValues) throws IOException, InterruptedException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Action", action);
    params.put("Version", "2010-05-08");
    for (int i = 0; i < nameValues.length; i += 2) {
      params.put(nameValues[i], nameValues[i + 1]);
    }
    byte[] body = params.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest unsigned = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(URI.create(endpoint + "/"))
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .putHeader("User-Agent", "aws-sdk-java/2 keywatch-iam-audit-test")
        .build();
    SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(accessKeyId, secretAccessKey))
        .request(unsigned)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iam")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + "/"))
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> h : signed.headers().entrySet()) {
      String lower = h.getKey().toLowerCase(Locale.ROOT);
      if (!lower.equals("host") && !lower.equals("content-length")) { // the HTTP client's own, and they match
        h.getValue().forEach(v -> b.header(h.getKey(), v));
      }
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    Answer a = new Answer(r.statusCode(), null, null, r.body());
    String requestId = a.element("RequestId");
    return new Answer(r.statusCode(), r.statusCode() == 200 ? null : a.element("Code"),
        requestId != null ? requestId : r.headers().firstValue("x-amzn-RequestId").orElse(null), r.body());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
