package keywatch.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import keywatch.iam.principal.Ids;
import keywatch.server.cli.Main;
import keywatch.server.config.TrailSettings;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.trail.Trail;
import keywatch.trail.TrailConfig;
import keywatch.trail.lookup.EventLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * kill -9 under load. A real keywatch process (started from the test classpath, as
 * {@code keywatch serve} starts it) serves concurrent SDK Encrypts; it is killed with SIGKILL
 * mid-load ({@link Process#destroyForcibly()} on Linux), restarted on the same data directory and
 * stopped cleanly. Then every request id a client saw succeed is in the trail exactly once, no
 * request id or event id is there twice, and {@code keywatch trail validate} accepts the trail.
 *
 * <p>The digests of the hours involved can only be written once those hours have ended; the test
 * reopens the trail with a clock two hours ahead to write them rather than waiting.
 */
class KillDashNineTrailTest {
  private static final int THREADS = 8;
  private static final int SUCCESSES_BEFORE_KILL = 400;

  @TempDir
  Path dataDir;

  record Server(Process process, String endpoint, StringBuffer output) {}

  @Test
  void everyAcknowledgedEncryptIsInTheTrailOnce_afterKillDashNine() throws Exception {
    Ids ids = new Ids(new SecureRandom());
    String akid = ids.accessKeyId();
    String secret = ids.secretAccessKey();
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    Server first = startServer(akid, secret);
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    String keyId;
    try (KmsClient admin = KeywatchHarness.client(first.endpoint(), akid, secret)) {
      keyId = admin.createKey(b -> b.description("crash")).keyMetadata().keyId();
    }
    CountDownLatch enough = new CountDownLatch(SUCCESSES_BEFORE_KILL);
    AtomicInteger failuresAfterKill = new AtomicInteger();
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread = new Thread(() -> {
        try (KmsClient kms = KeywatchHarness.client(first.endpoint(), akid, secret)) {
          while (true) {
            var r = kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("crash test plaintext")));
            acknowledged.add(r.responseMetadata().requestId());
            enough.countDown();
          }
        } catch (RuntimeException stopped) {
          failuresAfterKill.incrementAndGet(); // the server died under this client
        }
      }, "encrypt-client-" + t);
      thread.start();
      clients.add(thread);
    }
    assertThat(enough.await(120, TimeUnit.SECONDS)).as("load reached " + SUCCESSES_BEFORE_KILL).isTrue();
    first.process().destroyForcibly(); // SIGKILL
    assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    for (Thread t : clients) {
      t.join(60_000);
      assertThat(t.isAlive()).isFalse();
    }
    assertThat(first.process().exitValue()).isEqualTo(137); // 128 + SIGKILL
    assertThat(failuresAfterKill.get()).isEqualTo(THREADS);

    Server second = startServer(akid, secret);
    try (KmsClient kms = KeywatchHarness.client(second.endpoint(), akid, secret)) {
      var r = kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("after restart")));
      acknowledged.add(r.responseMetadata().requestId());
    }
    second.process().destroy(); // SIGTERM: a clean stop
    assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();

    Path trailDir = dataDir.resolve("trail");
    TrailConfig config = TrailConfig.of(trailDir, "111122223333", "us-east-1", TrailSettings.TRAIL_NAME);
    List<JsonNode> records = new EventLookup(config).records();
    Map<String, Integer> byRequestId = new HashMap<>();
    Map<String, Integer> byEventId = new HashMap<>();
    for (JsonNode r : records) {
      byRequestId.merge(r.path("requestID").asText(), 1, Integer::sum);
      byEventId.merge(r.path("eventID").asText(), 1, Integer::sum);
    }
    assertThat(acknowledged).hasSizeGreaterThan(SUCCESSES_BEFORE_KILL);
    List<String> missing = acknowledged.stream().filter(id -> !byRequestId.containsKey(id)).toList();
    assertThat(missing).as("acknowledged Encrypts missing from the trail").isEmpty();
    assertThat(byRequestId.entrySet()).as("request ids recorded twice").noneMatch(e -> e.getValue() > 1);
    assertThat(byEventId.entrySet()).as("event ids recorded twice").noneMatch(e -> e.getValue() > 1);

    // Let two hours pass for the trail, so the digests of the hours the run touched are due.
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
    try (Trail trail = Trail.open(config, later)) {
      trail.flushLogFiles();
      trail.writeDigests();
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute("trail", "validate", "--trail-dir", trailDir.toString(),
        "--start-time", start.minus(Duration.ofMinutes(1)).toString(),
        "--end-time", Instant.now().plus(Duration.ofHours(2)).toString(), "--verbose");
    assertThat(exit).as(out + "\n" + err).isZero();
    assertThat(out.toString()).doesNotContain("INVALID").contains("digest files valid").contains("log files valid");
    assertThat(out.toString()).as("the restart after the crash is in the chain").containsIgnoringCase("crash");

    String allOutput = first.output() + "\n" + second.output();
    assertThat(allOutput).doesNotContain("crash test plaintext").doesNotContain("after restart")
        .doesNotContain(java.util.Base64.getEncoder().encodeToString("crash test plaintext".getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code keywatch serve} in a child JVM; returns once it prints where it listens. */
  private Server startServer(String akid, String secret) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "keywatch.server.cli.Main", "serve", "--port", "0", "--port-file", dataDir.resolve("port").toString(),
        "--data-dir", dataDir.toString());
    pb.environment().put("KEYWATCH_ADMIN_ACCESS_KEY_ID", akid);
    pb.environment().put("KEYWATCH_ADMIN_SECRET_ACCESS_KEY", secret);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuffer output = new StringBuffer();
    String endpoint = null;
    String line;
    while ((line = lines.readLine()) != null) {
      output.append(line).append('\n');
      int at = line.indexOf("keywatch KMS listening on ");
      if (at >= 0) {
        endpoint = line.substring(at + "keywatch KMS listening on ".length()).split(" ")[0];
        break;
      }
    }
    assertThat(endpoint).as("server output:\n" + output).isNotNull();
    Thread drain = new Thread(() -> {
      try {
        String l;
        while ((l = lines.readLine()) != null) {
          output.append(l).append('\n');
        }
      } catch (IOException closed) {
        // the process ended
      }
    }, "server-output");
    drain.setDaemon(true);
    drain.start();
    return new Server(p, endpoint, output);
  }
}
