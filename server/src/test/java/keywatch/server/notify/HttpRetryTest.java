package keywatch.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import keywatch.watch.action.Deliveries;
import keywatch.watch.action.HttpTransport;
import keywatch.watch.action.ManualScheduler;
import keywatch.watch.action.Notification;
import keywatch.watch.action.Protocol;
import keywatch.watch.action.RetryPolicy;
import keywatch.watch.action.SlackTransport;
import keywatch.watch.action.SnsLinks;
import keywatch.watch.action.SnsMessages;
import keywatch.watch.action.SnsSigner;
import keywatch.watch.action.Subscription;
import keywatch.watch.action.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real HTTP receivers (the JDK's HttpServer on an OS-chosen port) answering 500: retried with
 * backoff on the test's clock, delivered once when they recover, dead-lettered when they never do.
 */
class HttpRetryTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(20));
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A receiver that answers 500 to its first {@code failures} notifications and 200 after. */
  record Receiver(String url, AtomicInteger notifications, List<Map<String, String>> accepted) {}

  Receiver receiver(int failures) throws Exception {
    AtomicInteger n = new AtomicInteger();
    List<Map<String, String>> accepted = new CopyOnWriteArrayList<>();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", ex -> {
      Map<String, String> doc = JSON.readValue(ex.getRequestBody(), new TypeReference<Map<String, String>>() {});
      boolean fail = "Notification".equals(doc.get("Type")) && n.incrementAndGet() <= failures;
      if (!fail) {
        accepted.add(doc);
      }
      ex.sendResponseHeaders(fail ? 500 : 200, -1);
      ex.close();
    });
    server.start();
    return new Receiver("http://127.0.0.1:" + server.getAddress().getPort() + "/hook", n, accepted);
  }

  record Setup(Topics topics, ManualScheduler scheduler, String topic, Subscription sub) {}

  Setup subscribeConfirmed(String url) throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    SnsMessages messages = new SnsMessages(new SnsSigner(g.generateKeyPair().getPrivate(), 1), new SnsLinks("http://127.0.0.1:1"));
    ManualScheduler scheduler = new ManualScheduler(0);
    HttpTransport http = new HttpTransport(HttpClient.newHttpClient(), messages, Duration.ofSeconds(10));
    Topics topics = new Topics("us-east-1", "111122223333", new Deliveries(scheduler, POLICY, p -> http, null), messages.links(), null);
    String topic = topics.createTopic("alerts").arn();
    Subscription s = topics.subscribe(topic, Protocol.HTTP, url);
    scheduler.runDue();
    return new Setup(topics, scheduler, topic, topics.confirm(topic, s.token()).orElseThrow());
  }

  @Test
  void failsTwiceThenRecoversAndGetsTheMessageExactlyOnce() throws Exception {
    Receiver r = receiver(2);
    Setup s = subscribeConfirmed(r.url());
    Notification n = s.topics().publish(s.topic(), "subject", Map.of("default", "{}"), Instant.EPOCH);

    s.scheduler().runDue();
    s.scheduler().advance(1_000);
    assertThat(r.notifications()).hasValue(2);
    s.scheduler().advance(3_600_000);

    assertThat(r.notifications()).hasValue(3);
    List<Map<String, String>> notifications = r.accepted().stream().filter(d -> "Notification".equals(d.get("Type"))).toList();
    assertThat(notifications).singleElement().satisfies(d -> assertThat(d.get("MessageId")).isEqualTo(n.messageId()));
    assertThat(s.topics().deliveries().status(s.sub().arn()).lastError()).isEqualTo("HTTP 500 from " + r.url());
    assertThat(s.topics().deliveries().deadLetters()).isEmpty();
  }

  @Test
  void neverRecoversAndEndsInTheDeadLetterRecord() throws Exception {
    Receiver r = receiver(Integer.MAX_VALUE);
    Setup s = subscribeConfirmed(r.url());
    Notification n = s.topics().publish(s.topic(), "subject", Map.of("default", "{}"), Instant.EPOCH);

    s.scheduler().advance(3_600_000);

    assertThat(r.notifications()).hasValue(POLICY.maxAttempts());
    assertThat(s.topics().deliveries().deadLetters()).singleElement().satisfies(d -> {
      assertThat(d.messageId()).isEqualTo(n.messageId());
      assertThat(d.endpoint()).isEqualTo(r.url());
      assertThat(d.attempts()).isEqualTo(POLICY.maxAttempts());
    });
  }

  @Test
  void slackWebhookBodyIsIncomingWebhookJson() throws Exception {
    String body = SlackTransport.body(new Notification("id", "arn:aws:sns:us-east-1:1:t", "ALARM: \"a\" in US East (N. Virginia)",
        Map.of("default", "{\"json\":true}", "email", "readable text"), Instant.EPOCH));
    assertThat(JSON.readTree(body).fieldNames()).toIterable().containsExactly("text");
    assertThat(JSON.readTree(body).path("text").asText()).isEqualTo("*ALARM: \"a\" in US East (N. Virginia)*\nreadable text");
  }
}
