package keywatch.trail.delivery;

import static keywatch.trail.TrailFixtures.ACCOUNT;
import static keywatch.trail.TrailFixtures.REGION;
import static keywatch.trail.TrailFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import keywatch.trail.MutableClock;
import keywatch.trail.Trail;
import keywatch.trail.TrailFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileDeliveryTest {
  @TempDir Path root;

  @Test
  void logFilesAreGzipJsonRecordsNamedInS3Layout() throws Exception {
    MutableClock clock = new MutableClock(T0.plusSeconds(7));
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      for (int i = 0; i < 3; i++) {
        trail.append(TrailFixtures.decrypt(clock.instant(), "req-" + i));
      }
      clock.advance(Duration.ofMinutes(5));
      trail.flushLogFiles();
      List<Path> files = TrailFixtures.logFiles(root);
      assertThat(files).hasSize(1);
      String key = root.relativize(files.get(0)).toString().replace('\\', '/');
      // AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz
      assertThat(key).matches("AWSLogs/" + ACCOUNT + "/CloudTrail/" + REGION + "/2026/11/27/" + ACCOUNT + "_CloudTrail_"
          + REGION + "_20261127T1505Z_[A-Za-z0-9]{16}\\.json\\.gz");
      JsonNode doc = TrailFixtures.readGzipJson(files.get(0));
      assertThat(doc.fieldNames()).toIterable().containsExactly("Records");
      // The trail's own first records (a new trail: CreateTrail, then StartLogging), then the calls.
      assertThat(doc.get("Records")).extracting(r -> r.get("eventName").asText())
          .containsExactly("CreateTrail", "StartLogging", "Decrypt", "Decrypt", "Decrypt");
      assertThat(doc.get("Records").get(2).get("requestID").asText()).isEqualTo("req-0");
      assertThat(doc.get("Records").get(4).get("requestID").asText()).isEqualTo("req-2");

      // Nothing new: no empty log file.
      trail.flushLogFiles();
      assertThat(TrailFixtures.logFiles(root)).hasSize(1);
    }
  }

  @Test
  void aBacklogLargerThanOneLogFileIsDeliveredInFilesOfAtMostTheLimitEachRecordOnce() throws Exception {
    MutableClock clock = new MutableClock(T0);
    int calls = LogFileDelivery.MAX_RECORDS_PER_FILE + 2_500;
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      for (int wave = 0; wave < calls / 500; wave++) {
        List<java.util.concurrent.CompletableFuture<Void>> pending = new java.util.ArrayList<>();
        for (int i = wave * 500; i < (wave + 1) * 500; i++) {
          pending.add(trail.appendAsync(TrailFixtures.decrypt(T0, "req-" + i)));
        }
        pending.forEach(java.util.concurrent.CompletableFuture::join);
      }
      trail.flushLogFiles();
      List<Path> files = TrailFixtures.logFiles(root);
      assertThat(files).hasSize(2);
      java.util.Set<String> requestIds = new java.util.HashSet<>();
      int records = 0;
      for (Path f : files) {
        JsonNode recordsInFile = TrailFixtures.readGzipJson(f).get("Records");
        assertThat(recordsInFile.size()).isLessThanOrEqualTo(LogFileDelivery.MAX_RECORDS_PER_FILE);
        for (JsonNode r : recordsInFile) {
          records++;
          if (r.get("eventName").asText().equals("Decrypt")) {
            assertThat(requestIds.add(r.get("requestID").asText())).isTrue();
          }
        }
      }
      assertThat(requestIds).hasSize(calls);
      assertThat(records).isEqualTo(calls + 2); // and CreateTrail, StartLogging
      assertThat(Files.readAllLines(trail.logGroupFile())).hasSize(calls + 2);
      trail.flushLogFiles();
      assertThat(TrailFixtures.logFiles(root)).hasSize(2);
    }
  }

  @Test
  void theLogGroupGetsOneLineperRecordWithTimestampAndMessage() throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      trail.append(TrailFixtures.decrypt(T0, "req-a", true));
      trail.append(TrailFixtures.decrypt(T0.plusSeconds(1), "req-b"));
      trail.flushLogFiles();
      Path file = trail.logGroupFile();
      assertThat(file).isEqualTo(root.resolve("logs/pattern1-logging-loggroup/" + ACCOUNT + "_CloudTrail_" + REGION + ".jsonl"));
      List<String> lines = Files.readAllLines(file);
      assertThat(lines).hasSize(4); // CreateTrail, StartLogging, req-a, req-b
      ObjectMapper mapper = new ObjectMapper();
      JsonNode first = mapper.readTree(lines.get(2));
      assertThat(first.fieldNames()).toIterable().containsExactly("timestamp", "message");
      assertThat(first.get("timestamp").asLong()).isEqualTo(T0.toEpochMilli());
      JsonNode message = mapper.readTree(first.get("message").asText());
      assertThat(message.get("errorCode").asText()).isEqualTo("IncorrectKeyException");
      assertThat(message.get("requestID").asText()).isEqualTo("req-a");
    }
  }

  @Test
  void closeDeliversEverythingStillInTheJournal() throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      trail.append(TrailFixtures.decrypt(T0, "req-1"));
    }
    assertThat(TrailFixtures.recordsInLogFiles(root)).extracting(r -> r.get("eventName").asText())
        .containsExactly("CreateTrail", "StartLogging", "Decrypt", "StopLogging");
    assertThat(TrailFixtures.callRecordsInLogFiles(root)).extracting(r -> r.get("requestID").asText()).containsExactly("req-1");
  }
}
