package keywatch.trail.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A segment file written full of zeros ahead of time, on a thread of its own, for the journal to
 * continue in when its current segment fills up.
 *
 * <p>Why: appending to a file changes its size, so every fsync must also write the inode (on
 * ext4, a second disk write and a second wait per group commit). Overwriting zeros that are
 * already on disk changes no metadata: fdatasync then writes the data blocks alone. Measured on
 * the benchmark machine (bench/README.md), an 8 KB fdatasync took 0.26 ms and 85 µs of system
 * CPU appending, 0.14 ms and 50 µs in a preallocated file. {@code RandomAccessFile.setLength} or
 * fallocate would not do: they leave unwritten extents whose first write is again a metadata change.
 *
 * <p>The journal asks for a spare only once a segment has seen real volume, so a quiet trail (and
 * every test) never writes megabytes of zeros. The spare is named so that no segment listing sees
 * it; a spare left by a crash is deleted when the journal opens. Thread use: {@link #request} and
 * {@link #takeAs} are called by the journal's writer thread only.
 */
final class SpareSegment implements AutoCloseable {
  static final String FILE_NAME = "spare.tmp";
  private static final Logger LOG = LoggerFactory.getLogger(SpareSegment.class);
  private static final int ZEROS_PER_WRITE = 1 << 20;

  private final Path file;
  private final long bytes;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "trail-journal-spare");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean ready;
  private volatile boolean preparing;

  SpareSegment(Path directory, long bytes) throws IOException {
    this.file = directory.resolve(FILE_NAME);
    this.bytes = bytes;
    Files.deleteIfExists(file); // half written by a run that crashed, or unused by one that stopped
  }

  long bytes() {
    return bytes;
  }

  /** Starts writing a spare unless one is ready or being written. */
  void request() {
    if (ready || preparing) {
      return;
    }
    preparing = true;
    thread.execute(this::prepare);
  }

  boolean ready() {
    return ready;
  }

  /** Renames the ready spare to {@code segment} (durably) and returns true; false if none is ready. */
  boolean takeAs(Path segment) throws IOException {
    if (!ready) {
      return false;
    }
    Files.move(file, segment, StandardCopyOption.ATOMIC_MOVE);
    ready = false;
    return true;
  }

  private void prepare() {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocateDirect(ZEROS_PER_WRITE);
      long written = 0;
      while (written < bytes) {
        zeros.clear().limit((int) Math.min(ZEROS_PER_WRITE, bytes - written));
        written += ch.write(zeros, written);
      }
      ch.force(true);
      Journal.syncDirectory(file.getParent());
      ready = true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not preallocate a journal segment; the journal appends to a growing file instead", e);
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // the next request tries again from scratch
      }
    } finally {
      preparing = false;
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
