package keywatch.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import keywatch.watch.action.DeliveryStatus;
import keywatch.watch.action.Protocol;
import keywatch.watch.action.Subscription;
import keywatch.watch.action.Topics;

/**
 * {@code KeywatchNotify.ListDeliveries}: per subscription, what delivery has come to (counts kept
 * in the database across restarts, what is queued now, the last outcome and error). Subscriptions
 * since removed still show their counts, with {@code "Subscribed": false}. A Slack endpoint is cut
 * to its scheme and host: its URL is its secret.
 */
final class ListDeliveries implements AdminOperation {
  private final Topics topics;

  ListDeliveries(Topics topics) {
    this.topics = topics;
  }

  @Override
  public ObjectNode handle(ObjectNode request) {
    Map<String, DeliveryStatus> statuses = new LinkedHashMap<>(topics.deliveries().statuses());
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode list = out.putArray("Deliveries");
    for (Subscription s : topics.subscriptions()) {
      DeliveryStatus st = statuses.remove(s.arn());
      ObjectNode o = entry(st != null ? st : topics.deliveries().status(s.arn()));
      o.put("TopicArn", s.topicArn());
      o.put("Protocol", s.protocol().awsName());
      o.put("Endpoint", s.protocol() == Protocol.SLACK ? redacted(s.endpoint()) : s.endpoint());
      o.put("Confirmed", s.confirmed());
      o.put("Subscribed", true);
      list.add(o);
    }
    for (DeliveryStatus st : statuses.values()) {
      list.add(entry(st).put("Subscribed", false));
    }
    return out;
  }

  private static ObjectNode entry(DeliveryStatus st) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("SubscriptionArn", st.subscriptionArn());
    o.put("Attempts", st.attempts());
    o.put("Delivered", st.delivered());
    o.put("FailedAttempts", st.failedAttempts());
    o.put("DeadLettered", st.deadLettered());
    o.put("Pending", st.pending());
    if (st.lastOutcome() != null) {
      o.put("LastOutcome", st.lastOutcome().name());
    }
    if (st.lastAttemptMillis() != null) {
      o.put("LastAttemptAt", Instant.ofEpochMilli(st.lastAttemptMillis()).toString());
    }
    if (st.lastError() != null) {
      o.put("LastError", st.lastError());
    }
    return o;
  }

  private static String redacted(String url) {
    try {
      URI u = URI.create(url);
      return u.getScheme() + "://" + u.getHost() + "/...";
    } catch (IllegalArgumentException e) {
      return "...";
    }
  }

  @Override
  public boolean readOnly() {
    return true;
  }
}
