package keywatch.iam.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests shaped like the AWS SDK's KMS calls (AWS JSON 1.1, POST /), for tests. */
final class KmsRequests {

  static final String HOST = "kms.us-east-1.amazonaws.com";

  private KmsRequests() {}

  static SignedRequest encrypt(String plaintextBase64) {
    return post("TrentService.Encrypt",
        "{\"KeyId\":\"alias/app\",\"Plaintext\":\"" + plaintextBase64 + "\"}");
  }

  static SignedRequest post(String target, String json) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Host", List.of(HOST));
    headers.put("Content-Type", List.of("application/x-amz-json-1.1"));
    headers.put("X-Amz-Target", List.of(target));
    headers.put("User-Agent", List.of("aws-sdk-java/2.57.8"));
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    headers.put("Content-Length", List.of(Integer.toString(body.length)));
    return new SignedRequest("POST", "/", "", headers, body);
  }

  /** The same request with one header replaced (all spellings of its name removed first). */
  static SignedRequest withHeader(SignedRequest r, String name, String value) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    r.headers().forEach((k, v) -> {
      if (!k.equalsIgnoreCase(name)) {
        headers.put(k, v);
      }
    });
    if (value != null) {
      headers.put(name, List.of(value));
    }
    return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
  }

  static SignedRequest withoutHeader(SignedRequest r, String name) {
    return withHeader(r, name, null);
  }

  static SignedRequest withBody(SignedRequest r, byte[] body) {
    return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), r.headers(), body);
  }

  static String header(SignedRequest r, String name) {
    return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(e -> e.getValue().get(0)).findFirst().orElse(null);
  }
}
