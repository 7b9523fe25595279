package keywatch.trail;

import static keywatch.trail.TrailFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appends racing with deliveries: every acknowledged record ends up in exactly one log file and one log group line. */
class ConcurrentDeliveryTest {
  @TempDir Path root;

  @Test
  void appendsRacingWithFlushesAreDeliveredExactlyOnce() throws Exception {
    int threads = 16;
    int perThread = 150;
    AtomicBoolean appending = new AtomicBoolean(true);
    int flushes = 0;
    try (Trail trail = Trail.open(TrailFixtures.config(root), new MutableClock(T0))) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            trail.append(TrailFixtures.decrypt(T0, "t" + thread + "-" + i));
          }
        }));
      }
      Thread flusher = new Thread(() -> {
        while (appending.get()) {
          trail.flushLogFiles();
        }
      });
      flusher.start();
      for (Future<?> f : futures) {
        f.get();
      }
      appending.set(false);
      flusher.join();
      pool.shutdown();
      flushes = TrailFixtures.logFiles(root).size();
    }
    List<String> ids = TrailFixtures.callRecordsInLogFiles(root).stream().map(r -> r.get("requestID").asText()).toList();
    Set<String> unique = new HashSet<>(ids);
    assertThat(ids).hasSize(threads * perThread);
    assertThat(unique).hasSize(threads * perThread);
    assertThat(flushes).as("deliveries really interleaved with appends").isGreaterThan(1);
    assertThat(Files.readAllLines(TrailFixtures.config(root).rootDirectory()
        .resolve("logs/pattern1-logging-loggroup/111122223333_CloudTrail_ap-southeast-2.jsonl")))
        .hasSize(threads * perThread + 3); // and the trail's own CreateTrail, StartLogging, StopLogging
    // Everything delivered: the journal holds no undelivered segment with records.
    try (var segments = Files.list(root.resolve("journal"))) {
      assertThat(segments.filter(p -> p.toFile().length() > 0).count()).isZero();
    }
  }
}
