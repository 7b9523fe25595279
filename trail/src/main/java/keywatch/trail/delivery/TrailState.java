package keywatch.trail.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import keywatch.trail.journal.Journal;
import keywatch.trail.record.CloudTrailJson;

/**
 * The trail's commit point, {@code state/trail-state.json}, replaced atomically (write, fsync,
 * rename, fsync directory). Whatever a crash interrupts, the state on disk says which journal
 * records are already in log files, how long the log group file is, which delivered log files the
 * next digest must list, and the last digest the chain continues from, so recovery neither loses
 * nor duplicates a record and the chain never forks.
 */
public final class TrailState {
  /** A delivered log file awaiting its digest. */
  public record LogFileEntry(String s3Object, String hashValue, Instant deliveredAt, Instant oldestEventTime, Instant newestEventTime) {}

  /** The last digest written: what the next one links to. */
  public record DigestLink(String s3Object, String hashValue, String signature, Instant endTime) {}

  /** A (re)start of the trail, to be recorded in the digest chain. */
  public record Restart(Instant time, boolean cleanShutdown, long journalRecordsRecovered, long journalBytesTruncated) {}

  /** A finished file written under a temporary name, renamed into place after the commit. */
  public record Rename(String from, String to) {}

  public long deliveredSequence;
  public long logGroupBytes;
  public Instant periodStart;
  public DigestLink lastDigest;
  public boolean open;
  public final List<LogFileEntry> pendingLogFiles = new ArrayList<>();
  public final List<Restart> pendingRestarts = new ArrayList<>();
  public final List<Rename> pendingRenames = new ArrayList<>();

  private final Path file;
  private final ObjectMapper mapper = CloudTrailJson.newMapper();

  private TrailState(Path file) {
    this.file = file;
  }

  public static boolean exists(Path file) {
    return Files.exists(file);
  }

  public static TrailState create(Path file, Instant periodStart) {
    TrailState s = new TrailState(file);
    s.periodStart = periodStart;
    return s;
  }

  public static TrailState load(Path file) throws IOException {
    TrailState s = new TrailState(file);
    JsonNode n = s.mapper.readTree(Files.readAllBytes(file));
    s.deliveredSequence = n.path("deliveredSequence").asLong();
    s.logGroupBytes = n.path("logGroupBytes").asLong();
    s.periodStart = Instant.parse(n.path("periodStart").asText());
    s.open = n.path("open").asBoolean();
    JsonNode last = n.path("lastDigest");
    if (last.isObject()) {
      s.lastDigest = new DigestLink(last.path("s3Object").asText(), last.path("hashValue").asText(),
          last.path("signature").asText(), Instant.parse(last.path("endTime").asText()));
    }
    for (JsonNode f : n.path("pendingLogFiles")) {
      s.pendingLogFiles.add(new LogFileEntry(f.path("s3Object").asText(), f.path("hashValue").asText(),
          Instant.parse(f.path("deliveredAt").asText()), Instant.parse(f.path("oldestEventTime").asText()),
          Instant.parse(f.path("newestEventTime").asText())));
    }
    for (JsonNode r : n.path("pendingRestarts")) {
      s.pendingRestarts.add(new Restart(Instant.parse(r.path("time").asText()), r.path("cleanShutdown").asBoolean(),
          r.path("journalRecordsRecovered").asLong(), r.path("journalBytesTruncated").asLong()));
    }
    for (JsonNode r : n.path("pendingRenames")) {
      s.pendingRenames.add(new Rename(r.path("from").asText(), r.path("to").asText()));
    }
    return s;
  }

  /** A copy of the fields, to roll the in-memory state back when a commit fails. */
  public record Saved(long deliveredSequence, long logGroupBytes, Instant periodStart, DigestLink lastDigest,
      boolean open, List<LogFileEntry> pendingLogFiles, List<Restart> pendingRestarts, List<Rename> pendingRenames) {}

  public Saved save() {
    return new Saved(deliveredSequence, logGroupBytes, periodStart, lastDigest, open, List.copyOf(pendingLogFiles),
        List.copyOf(pendingRestarts), List.copyOf(pendingRenames));
  }

  public void restore(Saved saved) {
    deliveredSequence = saved.deliveredSequence();
    logGroupBytes = saved.logGroupBytes();
    periodStart = saved.periodStart();
    lastDigest = saved.lastDigest();
    open = saved.open();
    pendingLogFiles.clear();
    pendingLogFiles.addAll(saved.pendingLogFiles());
    pendingRestarts.clear();
    pendingRestarts.addAll(saved.pendingRestarts());
    pendingRenames.clear();
    pendingRenames.addAll(saved.pendingRenames());
  }

  /**
   * Applies {@code change} and commits it; if the commit fails, the in-memory state is rolled back
   * so it never claims what the disk does not (e.g. records delivered whose files were not kept).
   */
  public void commitChange(Runnable change) throws IOException {
    Saved before = save();
    change.run();
    try {
      commit();
    } catch (IOException | RuntimeException e) {
      restore(before);
      throw e;
    }
  }

  /** Writes the state durably and atomically. */
  public void commit() throws IOException {
    ObjectNode n = mapper.createObjectNode();
    n.put("deliveredSequence", deliveredSequence);
    n.put("logGroupBytes", logGroupBytes);
    n.put("periodStart", periodStart.toString());
    n.put("open", open);
    if (lastDigest != null) {
      ObjectNode l = n.putObject("lastDigest");
      l.put("s3Object", lastDigest.s3Object());
      l.put("hashValue", lastDigest.hashValue());
      l.put("signature", lastDigest.signature());
      l.put("endTime", lastDigest.endTime().toString());
    }
    ArrayNode files = n.putArray("pendingLogFiles");
    for (LogFileEntry f : pendingLogFiles) {
      ObjectNode o = files.addObject();
      o.put("s3Object", f.s3Object());
      o.put("hashValue", f.hashValue());
      o.put("deliveredAt", f.deliveredAt().toString());
      o.put("oldestEventTime", f.oldestEventTime().toString());
      o.put("newestEventTime", f.newestEventTime().toString());
    }
    ArrayNode restarts = n.putArray("pendingRestarts");
    for (Restart r : pendingRestarts) {
      ObjectNode o = restarts.addObject();
      o.put("time", r.time().toString());
      o.put("cleanShutdown", r.cleanShutdown());
      o.put("journalRecordsRecovered", r.journalRecordsRecovered());
      o.put("journalBytesTruncated", r.journalBytesTruncated());
    }
    ArrayNode renames = n.putArray("pendingRenames");
    for (Rename r : pendingRenames) {
      renames.addObject().put("from", r.from()).put("to", r.to());
    }
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(n)));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Journal.syncDirectory(file.getParent());
  }
}
