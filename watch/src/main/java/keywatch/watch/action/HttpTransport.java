package keywatch.watch.action;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * http and https subscriptions: POSTs SNS's signed JSON with SNS's headers. Anything but a 2xx
 * answer is a failure (SNS treats 2xx as delivered and retries everything else).
 */
public final class HttpTransport implements Transport {
  private final HttpClient client;
  private final SnsMessages messages;
  private final Duration timeout;

  public HttpTransport(HttpClient client, SnsMessages messages, Duration timeout) {
    this.client = client;
    this.messages = messages;
    this.timeout = timeout;
  }

  @Override
  public void deliver(Subscription s, Notification n) throws Exception {
    post(s, messages.notification(s, n), "Notification", n.messageId(), s.arn());
  }

  @Override
  public void requestConfirmation(Subscription s, String subscribeUrl, Instant now) throws Exception {
    String id = UUID.randomUUID().toString();
    post(s, messages.confirmation(s, id, now), "SubscriptionConfirmation", id, null);
  }

  private void post(Subscription s, Map<String, String> doc, String type, String messageId, String subscriptionArn) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.endpoint()))
        .timeout(timeout)
        .header("Content-Type", "text/plain; charset=UTF-8")
        .header("User-Agent", "Amazon Simple Notification Service Agent")
        .header("x-amz-sns-message-type", type)
        .header("x-amz-sns-message-id", messageId)
        .header("x-amz-sns-topic-arn", s.topicArn())
        .POST(HttpRequest.BodyPublishers.ofString(SnsMessages.toJson(doc)));
    if (subscriptionArn != null) {
      b.header("x-amz-sns-subscription-arn", subscriptionArn);
    }
    HttpResponse<Void> r = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() / 100 != 2) {
      throw new DeliveryException("HTTP " + r.statusCode() + " from " + s.endpoint());
    }
  }
}
