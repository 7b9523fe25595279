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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the journal's next segment file ahead of time, on its own thread: a file of zeros, written
 * and synced, so that the writer, which fills it from the start, changes neither the file's size
 * nor its block map and each of its fsyncs has only the records to flush. On ext4 that is one
 * device write per group commit instead of two (the records, then the inode for the new size).
 *
 * <p>The journal asks for a file only under load ({@link #prepareIfIdle}); a failure here (a full
 * disk) only means the writer goes on growing its segments as before. A prepared file that was
 * never used is deleted when the journal opens or closes; it never holds a record.
 */
final class SegmentPreparer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentPreparer.class);
  static final String READY_NAME = "next-segment.zeros";
  private static final String PARTIAL_NAME = "next-segment.zeros.partial";
  private static final int CHUNK = 256 << 10;

  private final Path ready;
  private final Path partial;
  private final long bytes;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "trail-journal-preparer");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean busy;
  private volatile boolean isReady;
  private volatile boolean failed;

  SegmentPreparer(Path directory, long bytes) throws IOException {
    this.ready = directory.resolve(READY_NAME);
    this.partial = directory.resolve(PARTIAL_NAME);
    this.bytes = bytes;
    Files.deleteIfExists(ready);
    Files.deleteIfExists(partial);
  }

  /** Starts preparing a file unless one is ready or being made (or preparing failed before). */
  void prepareIfIdle() {
    if (busy || isReady || failed) {
      return;
    }
    busy = true;
    thread.execute(this::prepare);
  }

  /** True when {@link #moveReadyTo} will find a file. */
  boolean ready() {
    return isReady;
  }

  /**
   * Renames the prepared file to {@code segment} (replacing an empty file of that name) and returns
   * true, or returns false when none is ready. The caller makes the directory entry durable.
   */
  boolean moveReadyTo(Path segment) throws IOException {
    if (!isReady) {
      return false;
    }
    isReady = false;
    Files.move(ready, segment, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return true;
  }

  private void prepare() {
    try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer zeros = ByteBuffer.allocateDirect(CHUNK);
      for (long written = 0; written < bytes; ) {
        zeros.clear().limit((int) Math.min(CHUNK, bytes - written));
        while (zeros.hasRemaining()) {
          written += ch.write(zeros);
        }
        // A chunk at a time, and after each a pause as long as its sync took: one sync of the
        // whole file would hold the disk for tens of milliseconds, and the journal's own fsyncs,
        // which callers wait for, would queue behind it.
        long start = System.nanoTime();
        ch.force(true);
        LockSupport.parkNanos(System.nanoTime() - start);
      }
      Files.move(partial, ready, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      isReady = true;
    } catch (IOException | RuntimeException e) {
      failed = true;
      LOG.warn("could not prepare the next journal segment; segments grow as they are written instead", e);
    } finally {
      busy = false;
    }
  }

  @Override
  public void close() {
    thread.shutdown(); // a file being made is finished (a fraction of a second), then removed
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
      Files.deleteIfExists(partial);
      if (!isReady) {
        return;
      }
      isReady = false;
      Files.deleteIfExists(ready);
    } catch (IOException e) {
      LOG.warn("could not remove the prepared journal segment", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
