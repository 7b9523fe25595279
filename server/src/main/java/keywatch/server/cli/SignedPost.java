package keywatch.server.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keywatch.iam.sigv4.SigV4Signer;
import keywatch.iam.sigv4.SignedRequest;

/** One SigV4-signed {@code POST /} to keywatch, for the CLI's clients (IAM, admin). */
final class SignedPost {
  static final String SIGNING_REGION = "us-east-1";

  private final ServerAccess access;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SigV4Signer signer = new SigV4Signer(Clock.systemUTC());

  SignedPost(ServerAccess access) {
    this.access = access;
  }

  URI endpoint() {
    return access.endpoint();
  }

  /** Signs for {@code service} in us-east-1 (keywatch accepts any region for IAM and its admin API) and sends. */
  HttpResponse<byte[]> post(String service, Map<String, String> headers, byte[] body) throws IamClient.Unreachable {
    URI uri = access.endpoint().resolve("/");
    String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    Map<String, List<String>> all = new LinkedHashMap<>();
    all.put("Host", List.of(host));
    headers.forEach((k, v) -> all.put(k, List.of(v)));
    SignedRequest signed = signer.sign(new SignedRequest("POST", "/", "", all, body), access.credential(), SIGNING_REGION, service);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signed.headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("host")) { // the HTTP client sets Host itself, to the same value
        values.forEach(v -> request.header(name, v));
      }
    });
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new IamClient.Unreachable("keywatch is not running at " + access.endpoint() + " (connection refused)");
    } catch (HttpTimeoutException e) {
      throw new IamClient.Unreachable("keywatch did not answer at " + access.endpoint() + " in time");
    } catch (IOException e) {
      throw new IamClient.Unreachable("could not reach keywatch at " + access.endpoint() + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IamClient.Unreachable("interrupted while calling keywatch at " + access.endpoint());
    }
  }
}
