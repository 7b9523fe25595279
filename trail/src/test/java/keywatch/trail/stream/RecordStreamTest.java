package keywatch.trail.stream;

import static keywatch.trail.TrailFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import keywatch.trail.MutableClock;
import keywatch.trail.Trail;
import keywatch.trail.TrailFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordStreamTest {
  @TempDir Path root;

  @Test
  void subscribersSeeEveryRecordInOrder() throws Exception {
    LinkedBlockingQueue<ObjectNode> seen = new LinkedBlockingQueue<>();
    try (Trail trail = Trail.open(TrailFixtures.config(root), new MutableClock(T0));
        AutoCloseable ignored = trail.subscribe(seen::add)) {
      for (int i = 0; i < 100; i++) {
        trail.append(TrailFixtures.decrypt(T0, "r" + i));
      }
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        ObjectNode r = seen.poll(5, TimeUnit.SECONDS); // a bound on failure, not a sleep
        assertThat(r).isNotNull();
        ids.add(r.get("requestID").asText());
      }
      for (int i = 0; i < 100; i++) {
        assertThat(ids.get(i)).isEqualTo("r" + i);
      }
    }
  }

  @Test
  void aStuckSubscriberNeverBlocksAppendOrOtherSubscribers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> fast = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch fastDone = new CountDownLatch(50);
    try (Trail trail = Trail.open(TrailFixtures.config(root), new MutableClock(T0));
        AutoCloseable slow = trail.subscribe(r -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        AutoCloseable quick = trail.subscribe(r -> {
          fast.add(r.get("requestID").asText());
          fastDone.countDown();
        })) {
      for (int i = 0; i < 50; i++) {
        trail.append(TrailFixtures.decrypt(T0, "r" + i)); // returns although the slow subscriber is stuck
      }
      assertThat(fastDone.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(fast).hasSize(50);
      release.countDown();
    }
  }
}
