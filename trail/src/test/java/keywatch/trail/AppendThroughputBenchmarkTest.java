package keywatch.trail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Append throughput with 32 threads, durable (fsync, group commit). Not a JMH benchmark: a harness
 * to see the order of magnitude on a given disk. Run with
 * {@code mvn -pl trail -am test -Dtest=AppendThroughputBenchmarkTest -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false}
 * (optionally {@code -Dbenchmark.dir=/path/on/the/real/disk}).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class AppendThroughputBenchmarkTest {
  private static final int THREADS = 32;
  private static final int WARMUP_PER_THREAD = 500;
  private static final int PER_THREAD = 3_000;

  @Test
  void appendThroughputWith32Threads() throws Exception {
    String base = System.getProperty("benchmark.dir");
    Path root = base == null ? Files.createTempDirectory("trail-bench") : Files.createTempDirectory(Path.of(base), "trail-bench");
    ObjectNode record = TrailFixtures.decrypt(Instant.parse("2026-11-27T15:00:00Z"), "bench");
    try (Trail trail = Trail.open(TrailFixtures.config(root).withFileInterval(Duration.ofSeconds(Long.getLong("benchmark.fileIntervalSeconds", 5))), Clock.systemUTC())) {
      run(trail, record, WARMUP_PER_THREAD, new long[THREADS * WARMUP_PER_THREAD]);
      long syncsBefore = trail.journalSyncCount();
      long[] latencies = new long[THREADS * PER_THREAD];
      long elapsed = run(trail, record, PER_THREAD, latencies);
      long syncs = trail.journalSyncCount() - syncsBefore;
      Arrays.sort(latencies);
      double seconds = elapsed / 1e9;
      int n = latencies.length;
      System.out.printf("trail append benchmark: %d threads, %d records in %.2f s = %.0f records/s; %d fsyncs (%.1f records/fsync);"
              + " latency p50 %.2f ms, p99 %.2f ms, max %.2f ms (dir %s)%n",
          THREADS, n, seconds, n / seconds, syncs, (double) n / syncs,
          latencies[n / 2] / 1e6, latencies[(int) (n * 0.99)] / 1e6, latencies[n - 1] / 1e6, root);
      assertThat(syncs).isLessThan(n);
    } finally {
      try (var walk = Files.walk(root)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long run(Trail trail, ObjectNode record, int perThread, long[] latencies) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(THREADS);
    AtomicLong failures = new AtomicLong();
    for (int t = 0; t < THREADS; t++) {
      int offset = t * perThread;
      Thread thread = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < perThread; i++) {
            long t0 = System.nanoTime();
            trail.append(record);
            latencies[offset + i] = System.nanoTime() - t0;
          }
        } catch (Exception e) {
          failures.incrementAndGet();
        } finally {
          done.countDown();
        }
      });
      thread.start();
    }
    long begin = System.nanoTime();
    start.countDown();
    done.await();
    assertThat(failures.get()).isZero();
    return System.nanoTime() - begin;
  }
}
