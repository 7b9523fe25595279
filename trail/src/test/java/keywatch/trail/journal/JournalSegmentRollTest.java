package keywatch.trail.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under load the writer starts new segments by itself; no record is lost or numbered twice across them. */
class JournalSegmentRollTest {
  @TempDir Path dir;

  @Test
  void segmentsPastTheSizeLimitAreClosedAndTheRecordsContinueInOrder() throws Exception {
    int records = 600;
    try (Journal journal = Journal.open(dir, 0, b -> {}, p -> FileChannel.open(p, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE), 8 * 1024)) {
      // Waves of 20 concurrent appends: several group commits, each checked against the size limit.
      for (int wave = 0; wave < records / 20; wave++) {
        List<CompletableFuture<Long>> pending = new ArrayList<>();
        for (int i = wave * 20; i < (wave + 1) * 20; i++) {
          pending.add(journal.appendAsync(("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(100) + "\"}")
              .getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < pending.size(); i++) {
          assertThat(pending.get(i).join()).isEqualTo(wave * 20L + i);
        }
      }
    }
    List<Path> segments = SegmentFormat.listSegments(dir);
    assertThat(segments).hasSizeGreaterThan(5);
    List<Long> sequences = new ArrayList<>();
    for (Path segment : segments) {
      long first = SegmentFormat.firstSequence(segment);
      SegmentFormat.Scan scan = SegmentFormat.scan(segment, e -> {
        assertThat(new String(e.payload(), StandardCharsets.UTF_8)).startsWith("{\"n\":" + e.sequence() + ",");
        sequences.add(e.sequence());
      });
      assertThat(scan.torn()).isFalse();
      assertThat(first).isEqualTo(sequences.get(sequences.size() - (int) scan.records()));
    }
    assertThat(sequences).hasSize(records);
    for (int i = 0; i < records; i++) {
      assertThat(sequences.get(i)).isEqualTo(i);
    }
    try (Journal reopened = Journal.open(dir, 0, b -> {})) {
      assertThat(reopened.recovery().recordsRecovered()).isEqualTo(records);
      assertThat(reopened.append("{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(records);
    }
  }
}
