package keywatch.trail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import keywatch.trail.delivery.LogFileDelivery;
import keywatch.trail.delivery.S3Layout;
import keywatch.trail.delivery.TrailState;
import keywatch.trail.digest.DigestWriter;
import keywatch.trail.digest.SigningKey;
import keywatch.trail.journal.Journal;
import keywatch.trail.journal.JournalEntry;
import keywatch.trail.journal.JournalRecovery;
import keywatch.trail.journal.SegmentFormat;
import keywatch.trail.record.CloudTrailJson;
import keywatch.trail.stream.RecordStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trail: the one object callers hold.
 *
 * <p>Flow: {@link #append} puts a record in the journal and returns once it is fsync'd (group
 * commit); the live stream sees it right after. On the file interval (or {@link #flushLogFiles})
 * journal segments become gzip log files in S3 layout plus log group lines; every hour (or
 * {@link #writeDigests}) a signed digest lists the hour's log files and links to the previous one.
 *
 * <p>Opening recovers: the journal's torn tail is cut, interrupted deliveries are finished or
 * undone, records still in the journal are delivered on the next flush, and the restart is noted in
 * the next digest ({@code trailRestarts}) while the chain continues from the last digest written.
 *
 * <p>Fail-closed rule: if a record cannot be made durable, {@link #append} throws
 * {@link TrailUnavailableException} and the caller must refuse the request.
 */
public final class Trail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Trail.class);

  private final TrailConfig config;
  private final Clock clock;
  private final SigningKey signingKey;
  private final LogFileDelivery delivery;
  private final DigestWriter digestWriter;
  private final TrailState state;
  private final RecordStream stream;
  private final Journal journal;
  private final ScheduledExecutorService timer;
  private final ObjectMapper mapper = CloudTrailJson.newMapper();
  private final Object deliveryLock = new Object();
  private final FileChannel lockChannel;
  private final FileLock directoryLock;
  private volatile boolean closed;

  private Trail(TrailConfig config, Clock clock, Journal.SegmentOpener segmentOpener) throws IOException {
    this.config = config;
    this.clock = clock;
    Path root = config.rootDirectory();
    Files.createDirectories(root);
    // One writer per trail directory: a second process appending to the same journal would corrupt it.
    this.lockChannel = FileChannel.open(root.resolve("trail.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    this.directoryLock = lockDirectory(lockChannel, root);
    Journal opened = null;
    try {
      // The settings the directory last recorded, read before they are overwritten: CreateTrail or UpdateTrail.
      boolean newDirectory = !Files.exists(root.resolve(TrailDirectory.DESCRIPTOR));
      TrailConfig previous = newDirectory ? null : previousConfig(root);
      this.signingKey = SigningKey.loadOrCreate(root.resolve("keys"));
      S3Layout layout = new S3Layout(config);
      this.delivery = new LogFileDelivery(config, layout, clock);
      this.digestWriter = new DigestWriter(config, layout, signingKey);

      Path stateFile = root.resolve("state").resolve("trail-state.json");
      Instant now = clock.instant();
      boolean firstOpen = !TrailState.exists(stateFile);
      // Digest hours start on a whole minute, so a log file's name (delivery minute) tells its hour.
      this.state = firstOpen ? TrailState.create(stateFile, now.truncatedTo(ChronoUnit.MINUTES)) : TrailState.load(stateFile);
      delivery.recover(state);
      boolean previousRunClosedCleanly = !state.open;

      this.stream = new RecordStream();
      opened = segmentOpener == null
          ? Journal.open(root.resolve("journal"), state.deliveredSequence, stream::publish)
          : Journal.open(root.resolve("journal"), state.deliveredSequence, stream::publish, segmentOpener);
      this.journal = opened;
      JournalRecovery recovery = journal.recovery();
      if (!firstOpen) {
        state.pendingRestarts.add(new TrailState.Restart(now, previousRunClosedCleanly, recovery.recordsRecovered(),
            recovery.bytesTruncated()));
        LOG.info("trail reopened ({} shutdown): {} journal records recovered, {} torn bytes truncated",
            previousRunClosedCleanly ? "clean" : "unclean", recovery.recordsRecovered(), recovery.bytesTruncated());
      }
      // The trail's own configuration and start are its first records of this run; if they cannot
      // be recorded, opening fails (nothing may run unaudited). The descriptor is written after
      // them, so a crash in between records the change again rather than never.
      for (ObjectNode record : TrailConfigEvents.atOpen(newDirectory, previous, config, now)) {
        appendOwn(record);
      }
      TrailDirectory.writeDescriptor(config);
      state.open = true;
      state.commit();
    } catch (IOException | RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      releaseDirectory(); // a failed open must not keep the directory locked
      throw e;
    }

    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "trail-delivery");
      t.setDaemon(true);
      return t;
    });
    long intervalMillis = config.fileInterval().toMillis();
    timer.scheduleWithFixedDelay(() -> runQuietly(this::flushLogFiles), intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    long digestCheckMillis = Math.min(intervalMillis, 60_000);
    timer.scheduleWithFixedDelay(() -> runQuietly(this::writeDigests), digestCheckMillis, digestCheckMillis,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Opens (or creates) the trail: creates the RSA-2048 signing key (owner-only) at first open,
   * recovers the journal (torn tail truncated) and records the restart in the digest chain.
   */
  public static Trail open(TrailConfig config, Clock clock) throws IOException {
    return new Trail(Objects.requireNonNull(config), Objects.requireNonNull(clock), null);
  }

  /** As {@link #open(TrailConfig, Clock)}, with the journal's segments opened by {@code segmentOpener}: tests make the disk fail. */
  static Trail openForTesting(TrailConfig config, Clock clock, Journal.SegmentOpener segmentOpener) throws IOException {
    return new Trail(Objects.requireNonNull(config), Objects.requireNonNull(clock), Objects.requireNonNull(segmentOpener));
  }

  /**
   * The configuration {@code trail.json} holds, or null if it cannot be read: the open goes on (it
   * rewrites the file, as it always did) and records every setting as changed.
   */
  private static TrailConfig previousConfig(Path root) {
    try {
      return TrailDirectory.readConfig(root);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} is unreadable ({}); its settings count as changed", TrailDirectory.DESCRIPTOR, e.toString());
      return null;
    }
  }

  /**
   * Appends a record of the trail's own (StartLogging, StopLogging, ...) straight to the journal:
   * also while {@link #close} refuses everyone else's.
   */
  private void appendOwn(ObjectNode record) throws IOException {
    journal.append(mapper.writeValueAsBytes(record));
  }

  private static FileLock lockDirectory(FileChannel channel, Path root)
      throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("trail directory is in use by another trail writer: " + root);
    }
    return lock;
  }

  /**
   * Appends one CloudTrail record, returning only once it is durable (fsync'd; concurrent appends
   * share one fsync: group commit).
   *
   * @throws TrailUnavailableException if it cannot be made durable; the caller then refuses the request
   */
  public void append(ObjectNode record) {
    byte[] bytes = serialize(record);
    try {
      journal.append(bytes);
    } catch (IOException e) {
      throw new TrailUnavailableException("the trail could not record the call", e);
    }
  }

  /**
   * Appends one record without blocking the caller: the future completes once the record is
   * durable, or exceptionally with {@link TrailUnavailableException}; only then may the call's
   * answer leave. Completion runs on the journal's writer thread: chain only short, non-blocking
   * work to it (writing an HTTP answer), never a synchronous {@link #append}.
   *
   * @throws TrailUnavailableException at once if the trail is closed
   */
  public CompletableFuture<Void> appendAsync(ObjectNode record) {
    return appendAsync(serialize(record));
  }

  /**
   * As {@link #appendAsync(ObjectNode)}, for a record already serialized as one compact JSON object
   * ({@code CloudTrailRecord.Builder#toJsonBytes}): the KMS hot path, which never builds a tree.
   */
  public CompletableFuture<Void> appendAsync(byte[] record) {
    Objects.requireNonNull(record, "record");
    if (closed) {
      throw new TrailUnavailableException("trail is closed");
    }
    byte[] bytes = record;
    CompletableFuture<Void> durable = new CompletableFuture<>();
    journal.appendAsync(bytes).whenComplete((sequence, failure) -> {
      if (failure == null) {
        durable.complete(null);
      } else {
        durable.completeExceptionally(new TrailUnavailableException("the trail could not record the call", failure));
      }
    });
    return durable;
  }

  private byte[] serialize(ObjectNode record) {
    Objects.requireNonNull(record, "record");
    if (closed) {
      throw new TrailUnavailableException("trail is closed");
    }
    try {
      return mapper.writeValueAsBytes(record);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("record is not serializable", e);
    }
  }

  /**
   * Live stream: every appended record, in order, within milliseconds, delivered on a trail thread;
   * a slow subscriber never blocks append. Close the result to unsubscribe.
   */
  public AutoCloseable subscribe(Consumer<ObjectNode> subscriber) {
    return stream.subscribe(Objects.requireNonNull(subscriber));
  }

  /**
   * Writes pending journal records to log files now (also done on the interval and at close).
   * Memory stays bounded under any backlog: one segment's records and one log file's worth at a
   * time; a segment is deleted once every record in it is in a delivered log file.
   */
  public void flushLogFiles() {
    synchronized (deliveryLock) {
      try {
        // While the writer runs, its current segment is off limits; once it has stopped (after
        // close), every segment is closed and can be delivered. The writer also starts a new segment
        // by itself when one fills up, so "closed" is decided after listing: a segment named below
        // the current one is closed (the writer closes a segment before it names the next current).
        boolean writerRunning = !journal.stopped();
        if (writerRunning) {
          journal.roll();
        }
        List<Path> listed = SegmentFormat.listSegments(journal.directory());
        Path current = writerRunning ? journal.currentSegment() : null;
        List<JournalEntry> chunk = new ArrayList<>();
        List<Path> done = new ArrayList<>(); // segments whose records are all delivered or in chunk
        for (Path segment : listed) {
          if (current != null && segment.getFileName().toString().compareTo(current.getFileName().toString()) >= 0) {
            break;
          }
          List<JournalEntry> entries = new ArrayList<>();
          SegmentFormat.scan(segment, e -> {
            if (e.sequence() >= state.deliveredSequence) {
              entries.add(e);
            }
          });
          for (JournalEntry e : entries) {
            chunk.add(e);
            if (chunk.size() == LogFileDelivery.MAX_RECORDS_PER_FILE) {
              deliverAndDelete(chunk, done);
            }
          }
          done.add(segment);
        }
        deliverAndDelete(chunk, done);
      } catch (IOException e) {
        throw new UncheckedIOException("log file delivery failed (records stay in the journal)", e);
      }
    }
  }

  private void deliverAndDelete(List<JournalEntry> chunk, List<Path> deliveredSegments) throws IOException {
    delivery.deliver(chunk, state);
    chunk.clear();
    for (Path segment : deliveredSegments) {
      Files.deleteIfExists(segment);
    }
    deliveredSegments.clear();
  }

  /** Writes every hourly digest that is due (also on a timer); a digest even for an hour with no files. */
  public void writeDigests() {
    synchronized (deliveryLock) {
      try {
        digestWriter.writeDue(state, clock.instant());
      } catch (IOException e) {
        throw new UncheckedIOException("digest delivery failed", e);
      }
    }
  }

  public PublicKey publicKey() {
    return signingKey.publicKey();
  }

  public String publicKeyFingerprint() {
    return signingKey.fingerprint();
  }

  /** The log group delivery file: one {@code {"timestamp","message"}} line per record. */
  public Path logGroupFile() {
    return delivery.logGroupFile();
  }

  public TrailConfig config() {
    return config;
  }

  /** What opening found in the journal. */
  public JournalRecovery journalRecovery() {
    return journal.recovery();
  }

  /**
   * False once the trail refuses records (closed, or the journal failed to write or sync); a health
   * check can report it, and reopening the trail recovers.
   */
  public boolean available() {
    return !closed && !journal.failed();
  }

  /** Journal fsyncs so far; with concurrent appenders this stays well below the number of appends. */
  public long journalSyncCount() {
    return journal.syncCount();
  }

  private void runQuietly(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.error("trail background delivery failed; will retry", e);
    }
  }

  /** Stops appends, delivers every journal record to log files, writes due digests, marks a clean shutdown. */
  @Override
  public void close() {
    synchronized (deliveryLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    // From here append refuses, so StopLogging is the run's last record (appends already past
    // that check may still land; the server stops serving before it closes the trail).
    try {
      appendOwn(TrailConfigEvents.stopLogging(config, clock.instant()));
    } catch (IOException | RuntimeException e) {
      LOG.error("the trail could not record StopLogging; the next open will see an unclean shutdown", e);
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    journal.close();
    try {
      if (!journal.failed()) {
        flushLogFiles();
        writeDigests();
        state.open = false;
        state.commit();
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("trail did not shut down cleanly; the next open will recover", e);
    } finally {
      stream.close();
      releaseDirectory();
    }
  }

  /**
   * Stops everything as a killed process would: no delivery, no digest, no clean-shutdown mark.
   * For crash tests in one JVM; what reached the journal stays there for the next open to recover.
   */
  void simulateCrashForTesting() {
    synchronized (deliveryLock) {
      closed = true;
    }
    timer.shutdownNow();
    journal.close();
    stream.close();
    releaseDirectory();
  }

  private void releaseDirectory() {
    try {
      directoryLock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.warn("releasing the trail directory lock", e);
    }
  }
}
