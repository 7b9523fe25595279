package keywatch.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import keywatch.trail.TrailConfig;
import keywatch.trail.lookup.EventLookup;
import org.slf4j.LoggerFactory;

/**
 * The secrets an audit test used, and a scan for them in everything the server wrote: every trail
 * record, every file under the trail directory (log files unzipped, digests, journal, log group),
 * and every log line the process emitted while the test ran.
 */
final class AuditTrailScan {
  private final Set<String> secrets = new LinkedHashSet<>();
  private final ListAppender<ILoggingEvent> logLines = new ListAppender<>();

  AuditTrailScan() {
    logLines.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logLines);
  }

  /** A secret as text (secret access key, session token, plaintext string). */
  void secret(String s) {
    if (s != null && s.length() >= 8) {
      secrets.add(s);
    }
  }

  /** A secret as bytes (plaintext, ciphertext blob, data key): looked for as base64 and as hex. */
  void secret(byte[] b) {
    if (b != null && b.length >= 8) {
      secrets.add(Base64.getEncoder().encodeToString(b));
      secrets.add(HexFormat.of().formatHex(b));
      secrets.add(new String(b, StandardCharsets.ISO_8859_1));
    }
  }

  int secretCount() {
    return secrets.size();
  }

  /** Every place a secret was found, as "where: which"; empty if none. */
  List<String> leaks(TrailConfig trail) throws IOException {
    List<String> found = new ArrayList<>();
    for (JsonNode record : new EventLookup(trail).records()) {
      check("record " + record.path("requestID").asText(), record.toString(), found);
    }
    try (Stream<Path> files = Files.walk(trail.rootDirectory())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.toString().endsWith(".pk8") || f.toString().endsWith(".lock")) {
          continue;
        }
        check(f.toString(), read(f), found);
      }
    }
    for (ILoggingEvent e : List.copyOf(logLines.list)) {
      check("log line", e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()), found);
    }
    return found;
  }

  int logLineCount() {
    return logLines.list.size();
  }

  private void check(String where, String text, List<String> found) {
    for (String s : secrets) {
      if (text.contains(s)) {
        found.add(where + ": " + (s.length() > 12 ? s.substring(0, 12) + "..." : s));
      }
    }
  }

  private static String read(Path f) throws IOException {
    try (InputStream in = f.toString().endsWith(".gz")
        ? new GZIPInputStream(Files.newInputStream(f)) : Files.newInputStream(f)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  static void assertNoLeaks(AuditTrailScan scan, TrailConfig trail) throws IOException {
    assertThat(scan.secretCount()).as("secrets to look for").isPositive();
    assertThat(scan.leaks(trail)).as("secrets found in the trail or the logs").isEmpty();
  }
}
