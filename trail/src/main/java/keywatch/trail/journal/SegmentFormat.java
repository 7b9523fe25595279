package keywatch.trail.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * A segment is {@code <first sequence, 20 digits>.seg}: a run of frames
 * {@code [int32 length][int32 CRC32C of payload][payload]}, big-endian. A frame whose length is out
 * of range, runs past the end of the file or fails its CRC marks the torn tail: everything from it
 * on is the remains of a write a crash cut short, or the unused zeros of a segment the journal
 * prepared ahead of time (see {@link SegmentPreparer}).
 */
public final class SegmentFormat {
  public static final int HEADER_BYTES = 8;
  public static final int MAX_RECORD_BYTES = 1 << 20; // 1 MiB: CloudTrail events are limited to 256 KB
  private static final Pattern NAME = Pattern.compile("(\\d{20})\\.seg");

  private SegmentFormat() {}

  public static String fileName(long firstSequence) {
    return String.format("%020d.seg", firstSequence);
  }

  /** The first sequence a segment file holds, or -1 if the name is not a segment's. */
  public static long firstSequence(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  public static List<Path> listSegments(Path dir) throws IOException {
    List<Path> segments = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return segments;
    }
    try (var stream = Files.list(dir)) {
      stream.filter(p -> firstSequence(p) >= 0).sorted().forEach(segments::add);
    }
    return segments;
  }

  static int crc(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return (int) crc.getValue();
  }

  /**
   * Result of scanning a segment: records read and the byte offset where valid data ends.
   *
   * @param zeroTail everything after the valid data is zero bytes, as in the unused rest of a
   *     prepared segment (though a write cut short can leave zeros too; see {@link Journal#open})
   */
  public record Scan(long records, long validBytes, long fileBytes, boolean zeroTail) {
    /** True if there are bytes after the last whole frame. */
    public boolean torn() {
      return validBytes < fileBytes;
    }
  }

  /** Reads every complete frame, stopping at the torn tail. Safe on a segment still being written. */
  public static Scan scan(Path segment, Consumer<JournalEntry> sink) throws IOException {
    long first = firstSequence(segment);
    byte[] all = Files.readAllBytes(segment);
    ByteBuffer buf = ByteBuffer.wrap(all);
    long records = 0;
    int valid = 0;
    while (buf.remaining() >= HEADER_BYTES) {
      int length = buf.getInt();
      int crc = buf.getInt();
      if (length <= 0 || length > MAX_RECORD_BYTES || length > buf.remaining()) {
        break;
      }
      byte[] payload = new byte[length];
      buf.get(payload);
      if (crc(payload) != crc) {
        break;
      }
      if (sink != null) {
        sink.accept(new JournalEntry(first + records, payload));
      }
      records++;
      valid = buf.position();
    }
    boolean zeroTail = valid < all.length;
    for (int i = valid; i < all.length && zeroTail; i++) {
      zeroTail = all[i] == 0;
    }
    return new Scan(records, valid, all.length, zeroTail);
  }

  /** Cuts a segment back to its valid bytes and makes that durable. */
  static void truncate(Path segment, long validBytes) throws IOException {
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(validBytes);
      ch.force(true);
    }
  }
}
