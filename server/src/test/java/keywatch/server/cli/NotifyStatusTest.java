package keywatch.server.cli;

import static keywatch.server.cli.RaisedAlarm.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import keywatch.server.KeywatchServer;
import keywatch.server.config.ServerConfig;
import keywatch.watch.action.DeliveryStatus;
import keywatch.watch.action.Protocol;
import keywatch.watch.action.Subscription;
import keywatch.watch.action.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keywatch notify status}: the delivery counts per subscription come from the running
 * server, which keeps them in its database, so a restart on the same data directory still shows
 * what was delivered and what was dead-lettered.
 */
class NotifyStatusTest {
  /** Two retries 10 ms apart, so a receiver that is down is dead-lettered quickly. */
  static final Map<String, String> ENV = Map.of("KEYWATCH_DELIVERY_MAX_ATTEMPTS", "2", "KEYWATCH_DELIVERY_FIRST_RETRY_MILLIS", "10");
  @TempDir Path dir;
  HttpServer receiver;
  String base;

  @BeforeEach
  void receivers() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/ok/", x -> {
      x.getRequestBody().readAllBytes();
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    receiver.createContext("/down/", x -> {
      x.getRequestBody().readAllBytes();
      x.sendResponseHeaders(500, -1);
      x.close();
    });
    receiver.start();
    base = "http://127.0.0.1:" + receiver.getAddress().getPort();
  }

  @AfterEach
  void stopReceivers() {
    receiver.stop(0);
  }

  @Test
  void deliveredAndDeadLetteredCountsSurviveARestart() throws Exception {
    ServerConfig config = ServerConfig.forTests(dir);
    Subscription up;
    Subscription down;
    String topic;
    try (KeywatchServer server = KeywatchServer.start(config, Clock.systemUTC(), Clock.systemUTC(), ENV)) {
      Topics topics = server.actions().topics();
      topic = topics.createTopic("alerts").arn();
      up = topics.subscribe(topic, Protocol.SLACK, base + "/ok/T000/B000/secret-webhook-path");
      down = topics.subscribe(topic, Protocol.SLACK, base + "/down/T000/B000/other-secret");
      topics.publish(topic, "disk full", Map.of("default", "the disk is full"), Instant.now());
      waitFor(() -> topics.deliveries().status(up.arn()).delivered() == 1
          && topics.deliveries().status(down.arn()).deadLettered() == 1, "one delivered, one dead-lettered");
    }

    try (KeywatchServer server = KeywatchServer.start(config, Clock.systemUTC(), Clock.systemUTC(), ENV)) {
      Map<String, String> admin = AdminCli.env(server.endpoint(), config.adminAccessKeyId(), config.adminSecretAccessKey());
      AdminCli.Run status = AdminCli.run(admin, "notify", "status");
      assertThat(status.exit()).as(status.err()).isZero();
      String upRow = row(status.out(), up.arn());
      assertThat(upRow).containsPattern("slack\\s+1\\s+1\\s+0\\s+0\\s+0\\s+DELIVERED");
      String downRow = row(status.out(), down.arn());
      assertThat(downRow).containsPattern("slack\\s+2\\s+0\\s+2\\s+1\\s+0\\s+DEAD_LETTERED").contains("HTTP 500 from the webhook");
      assertThat(status.out()).doesNotContain("secret-webhook-path").doesNotContain("other-secret");
      assertThat(row(status.out(), server.actions().topics().subscriptionsOf(
          "arn:aws:sns:us-east-1:111122223333:pattern1-logging-topic").get(0).arn())).contains("outbox").contains(" - ");

      // counting goes on from the kept numbers
      server.actions().topics().publish(topic, "again", Map.of("default", "still full"), Instant.now());
      waitFor(() -> server.actions().topics().deliveries().status(up.arn()).delivered() == 2, "the second delivery");
      DeliveryStatus st = server.actions().topics().deliveries().status(up.arn());
      assertThat(st.lastOutcome()).isEqualTo(DeliveryStatus.Outcome.DELIVERED);
      assertThat(row(AdminCli.run(admin, "notify", "status").out(), up.arn())).containsPattern("slack\\s+2\\s+2\\s+0\\s+0");
    }
  }

  private static String row(String table, String subscriptionArn) {
    return table.lines().filter(l -> l.contains(subscriptionArn)).findFirst()
        .orElseThrow(() -> new AssertionError(subscriptionArn + " not in:\n" + table));
  }
}
