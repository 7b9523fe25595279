package keywatch.server.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import keywatch.server.KeywatchServer;
import keywatch.server.config.ServerConfig;
import keywatch.server.config.TrailSettings;
import keywatch.server.sdk.KeywatchHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The cost of the trail on the hot path: SDK Encrypts over HTTP from {@code benchmark.threads}
 * client threads (default 32) against one in-process server, trail on (durable appends, group
 * commit) and then off ({@code --unsafe-no-trail}), each after a warm-up. Reports ops/s and
 * latency percentiles, after a whole warm-up round of both. Gated: run with {@code bench/trail-bench.sh} (or
 * {@code -Dtest=EncryptTrailBenchmarkTest -Dbenchmark=true}).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class EncryptTrailBenchmarkTest {
  private static final int THREADS = Integer.getInteger("benchmark.threads", 32);
  private static final int OPS_PER_THREAD = Integer.getInteger("benchmark.opsPerThread", 1500);
  private static final int WARMUP_PER_THREAD = Integer.getInteger("benchmark.warmupPerThread", 300);
  private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 2);

  @TempDir
  Path dir;

  @Test
  void encryptWithTheTrailOnAndOff() throws Exception {
    System.out.printf(Locale.ROOT, "Encrypt benchmark: %d threads x %d ops, %d warm-up ops per thread, %d rounds, %d CPUs%n",
        THREADS, OPS_PER_THREAD, WARMUP_PER_THREAD, ROUNDS, Runtime.getRuntime().availableProcessors());
    // Round 0 warms the JVM (JIT, SDK, Jetty) for both modes; its numbers are printed but not comparable.
    for (int round = 0; round <= ROUNDS; round++) {
      // Alternate the order, so neither mode always runs on a warmer machine.
      boolean onFirst = round % 2 == 1;
      run(round, onFirst ? false : true);
      run(round, onFirst ? true : false);
    }
  }

  private void run(int round, boolean unsafeNoTrail) throws Exception {
    Path data = dir.resolve((unsafeNoTrail ? "off-" : "on-") + round);
    ServerConfig config = ServerConfig.forTests(data).withTrail(TrailSettings.DEFAULTS.withUnsafeNoTrail(unsafeNoTrail));
    try (KeywatchServer server = KeywatchServer.start(config, Clock.systemUTC())) {
      List<KmsClient> clients = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        clients.add(KeywatchHarness.client(server.endpoint(), config.adminAccessKeyId(), config.adminSecretAccessKey()));
      }
      String keyId = clients.get(0).createKey(b -> b.description("bench")).keyMetadata().keyId();
      SdkBytes plaintext = SdkBytes.fromByteArray(new byte[256]);
      phase(clients, keyId, plaintext, WARMUP_PER_THREAD);
      long syncsBefore = server.trail().map(t -> t.journalSyncCount()).orElse(0L);
      long start = System.nanoTime();
      long[] latencies = phase(clients, keyId, plaintext, OPS_PER_THREAD);
      double seconds = (System.nanoTime() - start) / 1e9;
      long syncs = server.trail().map(t -> t.journalSyncCount()).orElse(0L) - syncsBefore;
      Arrays.sort(latencies);
      System.out.printf(Locale.ROOT,
          "round %d%s trail %-3s: %,8.0f ops/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%d ops, %.1f records per fsync)%n",
          round, round == 0 ? " (warm-up)" : "", unsafeNoTrail ? "off" : "on", latencies.length / seconds, pct(latencies, 0.50), pct(latencies, 0.99),
          latencies[latencies.length - 1] / 1e6, latencies.length, syncs == 0 ? 0.0 : (double) latencies.length / syncs);
      for (KmsClient c : clients) {
        c.close();
      }
    }
  }

  private static long[] phase(List<KmsClient> clients, String keyId, SdkBytes plaintext, int opsPerThread)
      throws InterruptedException {
    long[] latencies = new long[clients.size() * opsPerThread];
    CountDownLatch done = new CountDownLatch(clients.size());
    List<Throwable> failures = new ArrayList<>();
    for (int t = 0; t < clients.size(); t++) {
      KmsClient kms = clients.get(t);
      int base = t * opsPerThread;
      new Thread(() -> {
        try {
          for (int i = 0; i < opsPerThread; i++) {
            long s = System.nanoTime();
            kms.encrypt(b -> b.keyId(keyId).plaintext(plaintext));
            latencies[base + i] = System.nanoTime() - s;
          }
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(e);
          }
        } finally {
          done.countDown();
        }
      }).start();
    }
    done.await();
    if (!failures.isEmpty()) {
      throw new AssertionError("benchmark calls failed", failures.get(0));
    }
    return latencies;
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
