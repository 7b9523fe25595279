package keywatch.trail.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path dir;

  private static List<JournalEntry> readAll(Path dir) throws Exception {
    List<JournalEntry> all = new ArrayList<>();
    for (Path segment : SegmentFormat.listSegments(dir)) {
      SegmentFormat.scan(segment, all::add);
    }
    return all;
  }

  @Test
  void concurrentAppendsAreEachDurableOnceInOneTotalOrderAndShareFsyncs() throws Exception {
    List<List<JournalEntry>> published = Collections.synchronizedList(new ArrayList<>());
    int threads = 32;
    int perThread = 200;
    try (Journal journal = Journal.open(dir, 0, published::add)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          List<Long> sequences = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            sequences.add(journal.append(("{\"t\":" + thread + ",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
          }
          return sequences;
        }));
      }
      Set<Long> sequences = new HashSet<>();
      for (Future<List<Long>> f : futures) {
        List<Long> mine = f.get();
        // One appender's records keep its order in the total order.
        assertThat(mine).isSorted();
        sequences.addAll(mine);
      }
      pool.shutdown();
      assertThat(sequences).hasSize(threads * perThread);
      assertThat(journal.syncCount()).as("group commit: fewer fsyncs than appends").isLessThan(threads * perThread);
    }
    List<JournalEntry> onDisk = readAll(dir);
    assertThat(onDisk).hasSize(threads * perThread);
    for (int i = 0; i < onDisk.size(); i++) {
      assertThat(onDisk.get(i).sequence()).isEqualTo(i);
    }
    Set<String> payloads = new HashSet<>();
    onDisk.forEach(e -> payloads.add(new String(e.payload(), StandardCharsets.UTF_8)));
    assertThat(payloads).hasSize(threads * perThread);
    // The live listener saw the same total order.
    List<Long> publishedOrder = published.stream().flatMap(List::stream).map(JournalEntry::sequence).toList();
    assertThat(publishedOrder).containsExactlyElementsOf(onDisk.stream().map(JournalEntry::sequence).toList());
  }

  @Test
  void aTornTailIsTruncatedOnReopenAndAppendsContinue() throws Exception {
    try (Journal journal = Journal.open(dir, 0, b -> {})) {
      for (int i = 0; i < 5; i++) {
        journal.append(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
      }
    }
    Path segment = SegmentFormat.listSegments(dir).get(0);
    byte[] garbage = {0, 0, 0, 42, 1, 2, 3, 4, 5, 6, 7};
    Files.write(segment, garbage, StandardOpenOption.APPEND);

    try (Journal journal = Journal.open(dir, 0, b -> {})) {
      assertThat(journal.recovery().recordsRecovered()).isEqualTo(5);
      assertThat(journal.recovery().bytesTruncated()).isEqualTo(garbage.length);
      assertThat(journal.recovery().nextSequence()).isEqualTo(5);
      assertThat(journal.append("{\"n\":5}".getBytes(StandardCharsets.UTF_8))).isEqualTo(5);
    }
    List<JournalEntry> all = readAll(dir);
    assertThat(all).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
        .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
  }

  @Test
  void aRecordWithACorruptChecksumEndsTheValidPrefix() throws Exception {
    try (Journal journal = Journal.open(dir, 0, b -> {})) {
      journal.append("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
      journal.append("{\"b\":2}".getBytes(StandardCharsets.UTF_8));
    }
    Path segment = SegmentFormat.listSegments(dir).get(0);
    byte[] bytes = Files.readAllBytes(segment);
    bytes[bytes.length - 2] ^= 0x01; // a bit flip inside the last record
    Files.write(segment, bytes);
    try (Journal journal = Journal.open(dir, 0, b -> {})) {
      assertThat(journal.recovery().recordsRecovered()).isEqualTo(1);
      assertThat(journal.recovery().bytesTruncated()).isEqualTo(SegmentFormat.HEADER_BYTES + 7);
    }
  }

  @Test
  void sequencesNeverGoBackBelowWhatWasAlreadyDelivered() throws Exception {
    try (Journal journal = Journal.open(dir, 1000, b -> {})) {
      assertThat(journal.append("{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(1000);
    }
  }
}
