package keywatch.server.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Waiting on files with deadlines (no fixed sleeps), and reading what keywatch up writes. */
final class LabFiles {
  static final ObjectMapper JSON = new ObjectMapper();

  private LabFiles() {}

  /** Polls {@code probe} until it returns non-null, failing after {@code timeout} with {@code what}. */
  static <T> T await(Duration timeout, String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T v = probe.get();
      if (v != null) {
        return v;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(2_000_000);
    }
  }

  /** The JSON lines of a file (none if absent); a half-written last line is skipped. */
  static List<JsonNode> jsonLines(Path file) {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        try {
          if (!line.isBlank()) {
            out.add(JSON.readTree(line));
          }
        } catch (IOException partial) {
          // being written
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Every record of the trail's delivered log files (gzip JSON {"Records":[...]}). */
  static List<JsonNode> trailRecords(Path trailDir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(trailDir.resolve("AWSLogs"))) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json.gz")
          && !p.toString().contains("CloudTrail-Digest"))::iterator) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
          JSON.readTree(in).path("Records").forEach(out::add);
        }
      }
    }
    return out;
  }
}
