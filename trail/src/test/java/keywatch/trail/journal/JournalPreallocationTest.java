package keywatch.trail.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A busy journal continues in segments written full of zeros ahead of time (so an fsync writes no
 * inode). Segments then end in zeros: readers stop there, recovery does not call it torn, and no
 * record is lost or numbered twice across the switch.
 */
class JournalPreallocationTest {
  private static final long SEGMENT = 64 * 1024;

  @TempDir Path dir;

  private static byte[] record(int i) {
    return ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aBusyJournalMovesIntoPreallocatedSegmentsAndLosesNothing() throws Exception {
    int written = 0;
    try (Journal journal = Journal.open(dir, 0, b -> {}, p -> java.nio.channels.FileChannel.open(p,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE), SEGMENT)) {
      // Append until the journal has switched into preallocated segments twice (the spare is
      // written on its own thread, so how many records that takes varies; the bound is generous).
      while (preallocatedSegments() < 2 && written < 20_000) {
        List<CompletableFuture<Long>> batch = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          batch.add(journal.appendAsync(record(written++)));
        }
        for (CompletableFuture<Long> f : batch) {
          f.join();
        }
      }
      assertThat(preallocatedSegments()).as("segments that kept a zero tail").isGreaterThanOrEqualTo(2);
    }

    List<Long> sequences = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    for (Path segment : SegmentFormat.listSegments(dir)) {
      SegmentFormat.Scan scan = SegmentFormat.scan(segment, e -> {
        sequences.add(e.sequence());
        payloads.add(new String(e.payload(), StandardCharsets.UTF_8));
      });
      assertThat(scan.torn()).as("%s is torn", segment.getFileName()).isFalse();
    }
    assertThat(sequences).hasSize(written);
    for (int i = 0; i < written; i++) {
      assertThat(sequences.get(i)).isEqualTo(i);
      assertThat(payloads.get(i)).startsWith("{\"n\":" + i + ",");
    }

    try (Journal reopened = Journal.open(dir, 0, b -> {})) {
      assertThat(reopened.recovery().recordsRecovered()).isEqualTo(written);
      assertThat(reopened.recovery().bytesTruncated()).isZero();
      assertThat(reopened.append(record(written))).isEqualTo(written);
    }
  }

  @Test
  void anUnusedPreallocatedSegmentIsDroppedAtOpenAndItsNameReused() throws Exception {
    // A crash right after the switch leaves a segment of zeros named for the next record.
    try (Journal journal = Journal.open(dir, 0, b -> {})) {
      journal.append(record(0));
    }
    Files.write(dir.resolve(SegmentFormat.fileName(1)), new byte[4096]);
    Files.write(dir.resolve(SpareSegment.FILE_NAME), new byte[4096]);
    try (Journal reopened = Journal.open(dir, 0, b -> {})) {
      assertThat(reopened.recovery().recordsRecovered()).isEqualTo(1);
      assertThat(reopened.recovery().bytesTruncated()).isZero();
      assertThat(reopened.append(record(1))).isEqualTo(1);
      assertThat(reopened.currentSegment().getFileName().toString()).isEqualTo(SegmentFormat.fileName(1));
    }
    assertThat(dir.resolve(SpareSegment.FILE_NAME)).doesNotExist();
    List<Long> sequences = new ArrayList<>();
    for (Path segment : SegmentFormat.listSegments(dir)) {
      SegmentFormat.scan(segment, e -> sequences.add(e.sequence()));
    }
    assertThat(sequences).containsExactly(0L, 1L);
  }

  private long preallocatedSegments() throws Exception {
    long n = 0;
    for (Path segment : SegmentFormat.listSegments(dir)) {
      SegmentFormat.Scan scan = SegmentFormat.scan(segment, null);
      if (scan.fileBytes() == SEGMENT && scan.validBytes() > 0) {
        n++;
      }
    }
    return n;
  }
}
