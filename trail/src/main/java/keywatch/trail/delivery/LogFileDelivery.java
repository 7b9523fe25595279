package keywatch.trail.delivery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import keywatch.trail.TrailConfig;
import keywatch.trail.digest.Hashes;
import keywatch.trail.journal.JournalEntry;
import keywatch.trail.record.CloudTrailJson;

/**
 * Turns journal records into CloudTrail log files ({@code {"Records":[...]}}, gzip, S3 layout) and
 * log group lines, committing both through {@link TrailState}.
 *
 * <p>Order of a delivery, chosen so that a crash at any point loses and duplicates nothing:
 * (1) write each log file under {@code tmp/} and fsync; (2) append the log group lines and fsync;
 * (3) commit the state (delivered sequence, log group length, pending files, pending renames);
 * (4) rename the log files into place. Recovery replays (4) and cuts the log group file back to
 * the committed length, removing lines of a delivery that never committed.
 */
public final class LogFileDelivery {
  /** Keeps each log file to a size CloudTrail-style tools read comfortably. */
  public static final int MAX_RECORDS_PER_FILE = 10_000;

  private static final byte[] OPEN = "{\"Records\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

  private final TrailConfig config;
  private final S3Layout layout;
  private final Clock clock;
  private final ObjectMapper mapper = CloudTrailJson.newMapper();
  private final Path logGroupFile;
  private final Path tmpDirectory;

  public LogFileDelivery(TrailConfig config, S3Layout layout, Clock clock) {
    this.config = config;
    this.layout = layout;
    this.clock = clock;
    this.logGroupFile = logGroupFile(config);
    this.tmpDirectory = config.rootDirectory().resolve("tmp");
  }

  /** {@code <root>/logs/<log group>/<account>_CloudTrail_<region>.jsonl}: the log stream CloudTrail would create. */
  public static Path logGroupFile(TrailConfig config) {
    return config.rootDirectory().resolve("logs").resolve(config.logGroupName())
        .resolve(config.accountId() + "_CloudTrail_" + config.region() + ".jsonl");
  }

  public Path logGroupFile() {
    return logGroupFile;
  }

  /** Finishes what a crash interrupted; call before anything else touches the files. */
  public void recover(TrailState state) throws IOException {
    for (TrailState.Rename r : state.pendingRenames) {
      Path from = config.rootDirectory().resolve(r.from());
      Path to = config.rootDirectory().resolve(r.to());
      if (Files.exists(from)) {
        DurableFiles.renameInto(from, to);
      }
    }
    if (!state.pendingRenames.isEmpty()) {
      state.pendingRenames.clear();
      state.commit();
    }
    if (Files.exists(logGroupFile) && Files.size(logGroupFile) > state.logGroupBytes) {
      try (FileChannel ch = FileChannel.open(logGroupFile, StandardOpenOption.WRITE)) {
        ch.truncate(state.logGroupBytes);
        ch.force(true);
      }
    }
    if (Files.isDirectory(tmpDirectory)) {
      try (var stale = Files.list(tmpDirectory)) {
        for (Path p : (Iterable<Path>) stale::iterator) {
          Files.deleteIfExists(p); // written before a commit that never happened
        }
      }
    }
  }

  /** Delivers {@code entries} (in sequence order, none already delivered). Returns the keys written. */
  public List<String> deliver(List<JournalEntry> entries, TrailState state) throws IOException {
    List<String> keys = new ArrayList<>();
    if (entries.isEmpty()) {
      return keys;
    }
    Instant deliveredAt = clock.instant();
    List<TrailState.Rename> renames = new ArrayList<>();
    List<TrailState.LogFileEntry> files = new ArrayList<>();
    ByteArrayOutputStream logGroupLines = new ByteArrayOutputStream();
    for (int from = 0; from < entries.size(); from += MAX_RECORDS_PER_FILE) {
      List<JournalEntry> chunk = entries.subList(from, Math.min(entries.size(), from + MAX_RECORDS_PER_FILE));
      ByteArrayOutputStream json = new ByteArrayOutputStream();
      json.write(OPEN);
      Instant oldest = null;
      Instant newest = null;
      for (int i = 0; i < chunk.size(); i++) {
        byte[] payload = chunk.get(i).payload();
        if (i > 0) {
          json.write(',');
        }
        json.write(payload);
        Instant eventTime = eventTime(payload, deliveredAt);
        oldest = oldest == null || eventTime.isBefore(oldest) ? eventTime : oldest;
        newest = newest == null || eventTime.isAfter(newest) ? eventTime : newest;
        logGroupLines.write(logGroupLine(eventTime, payload));
      }
      json.write(CLOSE);
      byte[] uncompressed = json.toByteArray();
      String key = layout.newLogFileKey(deliveredAt);
      String tmpKey = "tmp/" + key.substring(key.lastIndexOf('/') + 1);
      DurableFiles.writeSynced(config.rootDirectory().resolve(tmpKey), DurableFiles.gzip(uncompressed));
      renames.add(new TrailState.Rename(tmpKey, key));
      files.add(new TrailState.LogFileEntry(key, Hashes.sha256Hex(uncompressed), deliveredAt, oldest, newest));
      keys.add(key);
    }
    long logGroupBytes = appendLogGroup(logGroupLines.toByteArray(), state.logGroupBytes);

    state.commitChange(() -> {
      state.deliveredSequence = entries.get(entries.size() - 1).sequence() + 1;
      state.logGroupBytes = logGroupBytes;
      state.pendingLogFiles.addAll(files);
      state.pendingRenames.addAll(renames);
    });

    for (TrailState.Rename r : renames) {
      DurableFiles.renameInto(config.rootDirectory().resolve(r.from()), config.rootDirectory().resolve(r.to()));
    }
    state.pendingRenames.clear(); // committed with the next state write; recovery tolerates stale entries
    return keys;
  }

  private long appendLogGroup(byte[] lines, long committedBytes) throws IOException {
    Files.createDirectories(logGroupFile.getParent());
    try (FileChannel ch = FileChannel.open(logGroupFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.truncate(committedBytes); // drop anything a failed delivery left behind
      ch.position(committedBytes);
      ByteBuffer buf = ByteBuffer.wrap(lines);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
      return ch.position();
    }
  }

  /** A CloudWatch Logs event: the record's time in epoch millis and the record as the message. */
  private byte[] logGroupLine(Instant eventTime, byte[] payload) throws IOException {
    ObjectNode line = mapper.createObjectNode();
    line.put("timestamp", eventTime.toEpochMilli());
    line.put("message", new String(payload, StandardCharsets.UTF_8));
    byte[] bytes = mapper.writeValueAsBytes(line);
    byte[] withNewline = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, withNewline, 0, bytes.length);
    withNewline[bytes.length] = '\n';
    return withNewline;
  }

  /** The record's top-level eventTime, read with a streaming parser that stops as soon as it has it. */
  private Instant eventTime(byte[] payload, Instant fallback) {
    try (JsonParser p = mapper.getFactory().createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return fallback;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("eventTime".equals(name) && value == JsonToken.VALUE_STRING) {
          return CloudTrailJson.parseTime(p.getText());
        }
        p.skipChildren();
      }
      return fallback;
    } catch (IOException | RuntimeException e) {
      return fallback;
    }
  }
}
