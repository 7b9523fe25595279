package keywatch.watch.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Chat webhooks in Slack's incoming-webhook shape ({@code {"text": ...}}), which Mattermost,
 * Rocket.Chat and others accept too. The text is the subject in bold, then the email text.
 */
public final class SlackTransport implements Transport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client;
  private final Duration timeout;

  public SlackTransport(HttpClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  public static String body(Notification n) {
    ObjectNode o = JSON.createObjectNode();
    String text = n.messages().getOrDefault("email", n.messages().get("default"));
    o.put("text", (n.subject() == null ? "" : "*" + n.subject() + "*\n") + text);
    return o.toString();
  }

  @Override
  public void deliver(Subscription s, Notification n) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(s.endpoint()))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(n)))
        .build();
    HttpResponse<Void> r = client.send(req, HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() / 100 != 2) {
      throw new DeliveryException("HTTP " + r.statusCode() + " from the webhook");
    }
  }
}
