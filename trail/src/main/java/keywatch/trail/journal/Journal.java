package keywatch.trail.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead journal: every record is here, fsync'd, before {@link #append} returns.
 *
 * <p>Design: appenders put their bytes on a queue ({@link #appendAsync}, or {@link #append}, which
 * waits); one writer thread takes whatever has queued up, writes it with one {@code write}, makes
 * it durable with one {@code force}, numbers the records in that order (the trail's total order)
 * and hands the batch to a completer thread, which releases the appenders (running what they
 * chained: the KMS endpoint sends each answer from there). While it syncs, the next batch queues
 * up, so the cost of an fsync is shared by every append that arrived during the previous one
 * (group commit): throughput grows with concurrency instead of collapsing to one record per disk
 * flush. No request thread waits for the disk: the HTTP layer answers when the future completes.
 *
 * <p>Two things keep the disk's cost per record low under load, where it counts (every fsync
 * blocks and wakes threads, and on a VM each wake is dear):
 * <ul>
 *   <li>a <b>commit delay</b>: when the last batch held more than one record (calls are arriving
 *       concurrently), the writer waits as long as the last fsync took, at most
 *       {@link #MAX_COMMIT_DELAY_NANOS}, before taking the next batch, so batches are about twice
 *       as large; a lone caller never waits;
 *   <li><b>prepared segments</b>: under load the next segment is made ahead of time as a file of
 *       zeros ({@link SegmentPreparer}); writing into it changes no file size, so an fsync flushes
 *       the records alone and not also the inode. The unused zeros are cut off when the segment is
 *       closed, and after a crash when the journal is opened (an all-zero tail is not a torn write).
 * </ul>
 *
 * <p>Failure is sticky and fail-closed: once a write or sync fails, nothing more is known about
 * what reached the disk, so every waiting and later append fails until the trail is reopened
 * (whose recovery truncates the torn tail).
 *
 * <p>The journal is split into segments; {@link #roll()} closes the current one so delivery can turn
 * it into log files and delete it afterwards, and the writer starts a new one by itself once a
 * segment passes {@link #MAX_SEGMENT_BYTES}.
 */
public final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final int MAX_BATCH = 8192;
  private static final long APPEND_TIMEOUT_SECONDS = 30;
  /** The longest the writer waits for more records before an fsync (see the class comment). */
  static final long MAX_COMMIT_DELAY_NANOS = 1_000_000;
  /**
   * The size of a prepared segment file (or the segment size limit, if smaller). After a crash, a
   * segment of exactly this size whose tail is zeros is taken for a prepared one and its zeros are
   * cut without being reported as a torn write.
   */
  static final long PREPARED_SEGMENT_BYTES = 16L << 20;

  /**
   * Opens a segment for writing; replaceable so tests can make the disk fail. The channel must not be
   * in append mode: the journal writes at the position it sets (the start of a prepared segment).
   */
  @FunctionalInterface
  public interface SegmentOpener {
    FileChannel open(Path segment) throws IOException;
  }

  static final SegmentOpener DEFAULT_OPENER = segment ->
      FileChannel.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE);

  /**
   * A segment past this size is closed and a new one started, so delivery (which reads a closed
   * segment whole) stays bounded under any load: at 30,000 records a second a 5-minute file
   * interval would otherwise leave one 10 GB segment.
   */
  static final long MAX_SEGMENT_BYTES = 64L << 20;

  private final Path directory;
  private final SegmentOpener opener;
  private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Consumer<List<JournalEntry>> onDurable;
  private final Thread writer;
  private final JournalRecovery recovery;
  private final long maxSegmentBytes;
  /** Completes appends made durable, in order; its thread runs what callers chained to them. */
  private final ExecutorService completer;
  private volatile Thread completerThread;
  private volatile IOException failure;
  private volatile boolean closed;
  private volatile boolean stopped;
  private final AtomicLong syncs = new AtomicLong();
  private final AtomicLong synced = new AtomicLong();
  private final AtomicLong syncNanos = new AtomicLong();
  private final SegmentPreparer preparer;

  // Owned by the writer thread.
  private FileChannel channel;
  private volatile Path currentSegment;
  private long segmentBytes;
  /** The current segment's prepared size (its zeros end there), or 0 if it grows as written. */
  private long preparedBytes;
  private long nextSequence;
  private int lastBatchSize;
  private long lastSyncNanos;

  private sealed interface Request permits Append, Roll, Stop {}

  private record Append(byte[] payload, CompletableFuture<Long> done) implements Request {}

  private record Roll(CompletableFuture<Path> done) implements Request {}

  private record Stop(CompletableFuture<Void> done) implements Request {}

  private Journal(Path directory, JournalRecovery recovery, Consumer<List<JournalEntry>> onDurable, SegmentOpener opener,
      long maxSegmentBytes) throws IOException {
    this.maxSegmentBytes = maxSegmentBytes;
    this.directory = directory;
    this.opener = opener;
    this.recovery = recovery;
    this.onDurable = onDurable;
    this.nextSequence = recovery.nextSequence();
    this.preparer = new SegmentPreparer(directory, preparedSegmentBytes(maxSegmentBytes));
    openSegment();
    this.writer = new Thread(this::runWriter, "trail-journal-writer");
    this.writer.setDaemon(true);
    this.writer.start();
    this.completer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "trail-journal-completer");
      t.setDaemon(true);
      completerThread = t;
      return t;
    });
  }

  /**
   * Opens the journal in {@code directory}: scans every segment, truncates a torn tail, and starts a
   * fresh segment for new appends.
   *
   * @param minimumNextSequence sequences below this are already taken (by records delivered and
   *     deleted since); the journal never reuses them
   * @param onDurable called on the writer thread with each durable batch, in order; must not block
   */
  public static Journal open(Path directory, long minimumNextSequence, Consumer<List<JournalEntry>> onDurable)
      throws IOException {
    return open(directory, minimumNextSequence, onDurable, DEFAULT_OPENER);
  }

  /** As {@link #open(Path, long, Consumer)}, with the way segments are opened for writing replaced. */
  public static Journal open(Path directory, long minimumNextSequence, Consumer<List<JournalEntry>> onDurable,
      SegmentOpener opener) throws IOException {
    return open(directory, minimumNextSequence, onDurable, opener, MAX_SEGMENT_BYTES);
  }

  /** As above, with the size at which the writer starts a new segment (tests make it small). */
  static Journal open(Path directory, long minimumNextSequence, Consumer<List<JournalEntry>> onDurable,
      SegmentOpener opener, long maxSegmentBytes) throws IOException {
    Files.createDirectories(directory);
    long records = 0;
    long truncated = 0;
    long next = minimumNextSequence;
    long preparedBytes = preparedSegmentBytes(maxSegmentBytes);
    for (Path segment : SegmentFormat.listSegments(directory)) {
      SegmentFormat.Scan scan = SegmentFormat.scan(segment, null);
      if (scan.torn()) {
        // A file of a prepared segment's size ending in zeros is one the writer had not filled.
        boolean unusedPreparedSpace = scan.zeroTail() && scan.fileBytes() == preparedBytes;
        long cut = scan.fileBytes() - scan.validBytes();
        if (!unusedPreparedSpace) {
          LOG.warn("journal segment {}: truncating {} bytes of torn tail", segment.getFileName(), cut);
          truncated += cut;
        }
        SegmentFormat.truncate(segment, scan.validBytes());
      }
      records += scan.records();
      next = Math.max(next, SegmentFormat.firstSequence(segment) + scan.records());
    }
    return new Journal(directory, new JournalRecovery(records, truncated, next), onDurable, opener, maxSegmentBytes);
  }

  private static long preparedSegmentBytes(long maxSegmentBytes) {
    return Math.min(PREPARED_SEGMENT_BYTES, maxSegmentBytes);
  }

  public JournalRecovery recovery() {
    return recovery;
  }

  public Path directory() {
    return directory;
  }

  /**
   * Appends one record and returns its sequence once it is on disk.
   *
   * @throws IOException if it could not be made durable (the journal is then failed)
   */
  public long append(byte[] payload) throws IOException {
    if (Thread.currentThread() == writer || Thread.currentThread() == completerThread) {
      // Waiting here would wait for this very thread: a completion callback must not append synchronously.
      throw new IOException("synchronous append from the journal's own thread");
    }
    checkUsable();
    return await(appendAsync(payload));
  }

  /**
   * Appends one record without waiting: the future completes with its sequence once it is on disk,
   * or exceptionally with an {@link IOException} if it could not be made durable. Completion runs
   * on the completer thread, right after the fsync that made the record durable (a failure, on the
   * writer thread), so what a caller chains to it (sending an HTTP answer) must be short and must
   * not block, and must never append synchronously (that would wait for itself; it is refused).
   */
  public CompletableFuture<Long> appendAsync(byte[] payload) {
    if (payload.length == 0 || payload.length > SegmentFormat.MAX_RECORD_BYTES) {
      throw new IllegalArgumentException("record size out of range: " + payload.length);
    }
    try {
      checkUsable();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Long> done = new CompletableFuture<>();
    queue.add(new Append(payload, done));
    if (stopped) {
      failRemaining(new IOException("journal closed")); // it raced with close: nobody will write it
    }
    return done;
  }

  /** The segment new records go to; every other segment in the directory is closed. */
  public Path currentSegment() {
    return currentSegment;
  }

  /** Closes the current segment and starts a new one; returns the closed segment, or null if it was empty. */
  public Path roll() throws IOException {
    checkUsable();
    CompletableFuture<Path> done = new CompletableFuture<>();
    queue.add(new Roll(done));
    return await(done);
  }

  private void checkUsable() throws IOException {
    if (failure != null) {
      throw new IOException("journal failed earlier", failure);
    }
    if (closed) {
      throw new IOException("journal closed");
    }
  }

  private static <T> T await(CompletableFuture<T> done) throws IOException {
    try {
      return done.get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the journal", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("journal did not confirm durability in time", e);
    }
  }

  private void openSegment() throws IOException {
    currentSegment = directory.resolve(SegmentFormat.fileName(nextSequence));
    boolean prepared = preparer.moveReadyTo(currentSegment);
    channel = opener.open(currentSegment);
    segmentBytes = prepared ? 0 : channel.size();
    preparedBytes = prepared ? channel.size() : 0;
    channel.position(segmentBytes);
    syncDirectory(directory); // the segment's name is durable before any record in it is acknowledged
  }

  private void runWriter() {
    List<Request> batch = new ArrayList<>();
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only a Stop request ends the writer
      }
      if (lastBatchSize > 1) {
        // Calls are arriving concurrently: let more of them join this fsync (see the class comment).
        LockSupport.parkNanos(Math.min(lastSyncNanos, MAX_COMMIT_DELAY_NANOS));
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      List<Append> appends = new ArrayList<>(batch.size());
      boolean stop = false;
      for (Request r : batch) {
        if (r instanceof Append a) {
          appends.add(a);
        } else {
          // Rolls and stops come after the appends queued before them.
          writeBatch(appends);
          appends.clear();
          if (r instanceof Roll roll) {
            doRoll(roll);
          } else if (r instanceof Stop s) {
            closeChannel();
            stop = true;
            failRemaining(new IOException("journal closed"));
            stopped = true;
            s.done().complete(null);
            break;
          }
        }
      }
      writeBatch(appends);
      batch.clear();
      if (stop) {
        return;
      }
    }
  }

  private void writeBatch(List<Append> appends) {
    if (appends.isEmpty()) {
      return;
    }
    if (failure != null) {
      appends.forEach(a -> a.done().completeExceptionally(new IOException("journal failed earlier", failure)));
      return;
    }
    int size = 0;
    for (Append a : appends) {
      size += SegmentFormat.HEADER_BYTES + a.payload().length;
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    for (Append a : appends) {
      buf.putInt(a.payload().length).putInt(SegmentFormat.crc(a.payload())).put(a.payload());
    }
    buf.flip();
    try {
      boolean full = preparedBytes > 0 ? segmentBytes + size > preparedBytes : segmentBytes >= maxSegmentBytes;
      boolean preparedWaiting = preparedBytes == 0 && preparer.ready();
      if (segmentBytes > 0 && (full || preparedWaiting)) {
        rollSegment();
      }
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      long start = System.nanoTime();
      channel.force(false);
      lastSyncNanos = System.nanoTime() - start;
      syncNanos.addAndGet(lastSyncNanos);
      syncs.incrementAndGet();
      synced.addAndGet(appends.size());
      segmentBytes += size;
      lastBatchSize = appends.size();
      if (lastBatchSize > 1) {
        preparer.prepareIfIdle();
      }
    } catch (IOException | RuntimeException e) {
      IOException io = e instanceof IOException x ? x : new IOException(e);
      failure = io;
      LOG.error("journal write failed; the trail refuses further records until reopened", io);
      appends.forEach(a -> a.done().completeExceptionally(io));
      return;
    }
    List<JournalEntry> durable = new ArrayList<>(appends.size());
    for (Append a : appends) {
      durable.add(new JournalEntry(nextSequence++, a.payload()));
    }
    try {
      onDurable.accept(durable);
    } catch (RuntimeException e) {
      LOG.error("journal listener failed", e);
    }
    // Releasing the appenders runs what they chained (writing each HTTP answer: a socket write
    // apiece), so it happens on the completer thread while this one goes on to the next fsync.
    List<Append> released = List.copyOf(appends);
    completer.execute(() -> {
      for (int i = 0; i < released.size(); i++) {
        released.get(i).done().complete(durable.get(i).sequence());
      }
    });
  }

  private void doRoll(Roll roll) {
    if (failure != null) {
      roll.done().completeExceptionally(new IOException("journal failed earlier", failure));
      return;
    }
    if (segmentBytes == 0) {
      roll.done().complete(null); // nothing to hand over; the next segment would have the same name
      return;
    }
    try {
      roll.done().complete(rollSegment());
    } catch (IOException e) {
      failure = e;
      roll.done().completeExceptionally(e);
    }
  }

  /** Closes the current segment and opens the next; returns the closed one. */
  private Path rollSegment() throws IOException {
    Path closedSegment = currentSegment;
    closeSegment();
    openSegment();
    return closedSegment;
  }

  /** Makes the current segment durable at its true length (without a prepared segment's unused zeros). */
  private void closeSegment() throws IOException {
    if (preparedBytes > segmentBytes) {
      channel.truncate(segmentBytes);
    }
    channel.force(true);
    channel.close();
  }

  private void closeChannel() {
    try {
      if (channel != null && channel.isOpen()) {
        closeSegment();
      }
    } catch (IOException e) {
      LOG.warn("closing journal segment", e);
    }
  }

  private void failRemaining(IOException e) {
    List<Request> rest = new ArrayList<>();
    queue.drainTo(rest);
    for (Request r : rest) {
      if (r instanceof Append a) {
        a.done().completeExceptionally(e);
      } else if (r instanceof Roll roll) {
        roll.done().completeExceptionally(e);
      } else if (r instanceof Stop s) {
        s.done().complete(null);
      }
    }
  }

  /** How many fsyncs appends have cost so far (fewer than appends under concurrency: group commit). */
  public long syncCount() {
    return syncs.get();
  }

  /** True once the writer has stopped: no segment is being written any more. */
  public boolean stopped() {
    return stopped;
  }

  /** True once a write failed; the journal then refuses everything until reopened. */
  public boolean failed() {
    return failure != null;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    long fsyncs = syncs.get();
    LOG.info("journal closing: {} records made durable by {} fsyncs since open (mean fsync {} µs)", synced.get(), fsyncs,
        fsyncs == 0 ? 0 : syncNanos.get() / fsyncs / 1000);
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(new Stop(done));
    try {
      done.get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      writer.join(TimeUnit.SECONDS.toMillis(APPEND_TIMEOUT_SECONDS));
      completer.shutdown(); // after the writer: every durable append is completed first
      completer.awaitTermination(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      preparer.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("journal writer did not stop cleanly", e);
    }
  }

  /** Makes a directory entry (a created or renamed file) durable; a no-op where the OS cannot. */
  public static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open directories; the file data itself is still synced.
    }
  }
}
