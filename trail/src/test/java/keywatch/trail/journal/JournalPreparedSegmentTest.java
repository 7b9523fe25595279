package keywatch.trail.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under load the journal writes into segments prepared ahead of time as files of zeros. The zeros
 * never become records, never count as a torn write, and are gone from every closed segment.
 */
class JournalPreparedSegmentTest {
  /** Small segments: prepared files take this size (below {@link Journal#PREPARED_SEGMENT_BYTES}). */
  private static final int SEGMENT_LIMIT = 64 * 1024;

  @TempDir Path dir;

  private static byte[] record(long n) {
    return ("{\"n\":" + n + ",\"pad\":\"" + "x".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void underConcurrentAppendsTheWriterMovesToAPreparedSegmentAndClosesItAtItsTrueLength() throws Exception {
    long appended = 0;
    boolean sawPrepared = false;
    try (Journal journal = Journal.open(dir, 0, b -> {}, Journal.DEFAULT_OPENER, SEGMENT_LIMIT)) {
      // Waves of 20 concurrent appends until the writer is seen writing into a prepared segment
      // (one longer than what it holds, the rest zeros), and a few waves more.
      int extraWaves = 5;
      for (int wave = 0; wave < 500 && extraWaves > 0; wave++) {
        List<CompletableFuture<Long>> pending = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          pending.add(journal.appendAsync(record(appended++)));
        }
        pending.forEach(CompletableFuture::join);
        Path current = journal.currentSegment();
        SegmentFormat.Scan scan = SegmentFormat.scan(current, null);
        if (scan.validBytes() > 0 && scan.fileBytes() > scan.validBytes()) {
          assertThat(scan.zeroTail()).isTrue();
          assertThat(scan.fileBytes()).isEqualTo(SEGMENT_LIMIT);
          sawPrepared = true;
        }
        if (sawPrepared) {
          extraWaves--;
        }
      }
      assertThat(sawPrepared).as("a prepared segment was written into").isTrue();
    }
    List<Long> sequences = new ArrayList<>();
    for (Path segment : SegmentFormat.listSegments(dir)) {
      SegmentFormat.Scan scan = SegmentFormat.scan(segment, e -> {
        assertThat(new String(e.payload(), StandardCharsets.UTF_8)).startsWith("{\"n\":" + e.sequence() + ",");
        sequences.add(e.sequence());
      });
      assertThat(scan.fileBytes()).as("closed without its unused zeros: " + segment).isEqualTo(scan.validBytes());
    }
    assertThat(sequences).hasSize((int) appended);
    for (int i = 0; i < sequences.size(); i++) {
      assertThat(sequences.get(i)).isEqualTo(i);
    }
    assertThat(dir.resolve(SegmentPreparer.READY_NAME)).doesNotExist();
  }

  @Test
  void afterACrashAPreparedSegmentsZerosAreCutWithoutCountingAsATornWrite() throws Exception {
    Path segment = dir.resolve(SegmentFormat.fileName(0));
    byte[] frames = frames(record(0), record(1), record(2));
    byte[] file = new byte[SEGMENT_LIMIT]; // a prepared file: the rest is zeros
    System.arraycopy(frames, 0, file, 0, frames.length);
    Files.write(segment, file);

    try (Journal journal = Journal.open(dir, 0, b -> {}, Journal.DEFAULT_OPENER, SEGMENT_LIMIT)) {
      assertThat(journal.recovery().recordsRecovered()).isEqualTo(3);
      assertThat(journal.recovery().bytesTruncated()).isZero();
      assertThat(Files.size(segment)).isEqualTo(frames.length);
      assertThat(journal.append(record(3))).isEqualTo(3);
    }
  }

  @Test
  void zerosInAFileThatIsNotAPreparedSegmentsSizeAreATornWrite() throws Exception {
    // A crash can leave zeros where a growing segment's last write should be (the size was made
    // durable, the data not): that is a torn write and is reported as one.
    Path segment = dir.resolve(SegmentFormat.fileName(0));
    byte[] frames = frames(record(0));
    Files.write(segment, java.util.Arrays.copyOf(frames, frames.length + 100));

    try (Journal journal = Journal.open(dir, 0, b -> {}, Journal.DEFAULT_OPENER, SEGMENT_LIMIT)) {
      assertThat(journal.recovery().recordsRecovered()).isEqualTo(1);
      assertThat(journal.recovery().bytesTruncated()).isEqualTo(100);
    }
  }

  @Test
  void aTornFrameBeforeTheZerosIsStillATornWrite() throws Exception {
    Path segment = dir.resolve(SegmentFormat.fileName(0));
    byte[] frames = frames(record(0), record(1));
    byte[] file = new byte[SEGMENT_LIMIT];
    System.arraycopy(frames, 0, file, 0, frames.length);
    // Half a frame header, as a crash mid-write would leave it: a length and no payload.
    ByteBuffer.wrap(file, frames.length, 4).putInt(record(2).length);
    Files.write(segment, file);

    assertThat(SegmentFormat.scan(segment, null).zeroTail()).isFalse();
    try (Journal journal = Journal.open(dir, 0, b -> {}, Journal.DEFAULT_OPENER, SEGMENT_LIMIT)) {
      assertThat(journal.recovery().recordsRecovered()).isEqualTo(2);
      assertThat(journal.recovery().bytesTruncated()).isEqualTo(SEGMENT_LIMIT - frames.length);
      assertThat(Files.size(segment)).isEqualTo(frames.length);
    }
  }

  private static byte[] frames(byte[]... payloads) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : payloads) {
      out.writeBytes(ByteBuffer.allocate(SegmentFormat.HEADER_BYTES).putInt(p.length).putInt(SegmentFormat.crc(p)).array());
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
