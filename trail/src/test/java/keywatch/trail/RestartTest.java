package keywatch.trail;

import static keywatch.trail.TrailFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import keywatch.trail.journal.SegmentFormat;
import keywatch.trail.validate.TrailValidator;
import keywatch.trail.validate.ValidationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart or a crash never leaves a silent gap: the chain continues and says where it restarted. */
class RestartTest {
  @TempDir Path root;

  @Test
  void aCleanRestartIsRecordedAndTheChainContinues() throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      trail.append(TrailFixtures.decrypt(T0, "before"));
      clock.advance(Duration.ofMinutes(70));
    } // close writes the due digest
    clock.advance(Duration.ofMinutes(10));
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      trail.append(TrailFixtures.decrypt(clock.instant(), "after"));
      clock.advance(Duration.ofHours(1));
      trail.flushLogFiles();
      trail.writeDigests();
    }
    List<Path> digests = TrailFixtures.digestFiles(root);
    assertThat(digests).hasSize(2);
    JsonNode second = TrailFixtures.readGzipJson(digests.get(1));
    assertThat(second.get("previousDigestS3Object").asText())
        .isEqualTo(root.relativize(digests.get(0)).toString().replace('\\', '/'));
    JsonNode restart = second.get("trailRestarts").get(0);
    assertThat(restart.get("restartTime").asText()).isEqualTo("2026-11-27T16:20:00Z");
    assertThat(restart.get("previousShutdown").asText()).isEqualTo("clean");
    assertThat(TrailFixtures.readGzipJson(digests.get(0)).has("trailRestarts")).isFalse();

    ValidationReport report = new TrailValidator(TrailDirectory.readConfig(root), TrailDirectory.readPublicKey(root))
        .validate(T0, clock.instant());
    assertThat(report.allValid()).isTrue();
    assertThat(report.renderText(false)).contains("Trail restarted at 2026-11-27T16:20:00Z after a clean shutdown");
  }

  @Test
  void afterACrashEveryDurableRecordIsDeliveredOnceTheTornTailIsCutAndTheChainValidates() throws Exception {
    MutableClock clock = new MutableClock(T0);
    // A run that is never closed: as if the process were killed.
    Trail crashed = Trail.open(TrailFixtures.config(root), clock);
    for (int i = 0; i < 10; i++) {
      crashed.append(TrailFixtures.decrypt(clock.instant(), "pre-" + i));
    }
    crashed.flushLogFiles(); // 10 records in a log file
    for (int i = 0; i < 5; i++) {
      crashed.append(TrailFixtures.decrypt(clock.instant(), "journal-only-" + i));
    }
    clock.advance(Duration.ofMinutes(61));
    crashed.writeDigests();
    // The write that was in flight when the process died.
    Path segment = SegmentFormat.listSegments(root.resolve("journal")).get(0);
    crashed.simulateCrashForTesting();
    Files.write(segment, new byte[] {0, 0, 1, 0, 9, 9}, StandardOpenOption.APPEND);

    clock.advance(Duration.ofMinutes(4));
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      assertThat(trail.journalRecovery().recordsRecovered()).isEqualTo(5);
      assertThat(trail.journalRecovery().bytesTruncated()).isEqualTo(6);
      trail.append(TrailFixtures.decrypt(clock.instant(), "post"));
      trail.flushLogFiles();
      clock.advance(Duration.ofHours(1));
      trail.writeDigests();
    }

    List<String> requestIds = TrailFixtures.callRecordsInLogFiles(root).stream().map(r -> r.get("requestID").asText()).toList();
    Set<String> unique = new HashSet<>(requestIds);
    assertThat(requestIds).hasSize(unique.size()); // nothing twice
    assertThat(unique).hasSize(16).contains("pre-0", "journal-only-4", "post");
    // The trail's own records: the crashed run never recorded StopLogging; the clean one did.
    assertThat(TrailFixtures.recordsInLogFiles(root).stream().filter(TrailFixtures::isTrailOwn)
        .map(r -> r.get("eventName").asText()))
        .containsExactly("CreateTrail", "StartLogging", "StartLogging", "StopLogging");

    List<Path> digests = TrailFixtures.digestFiles(root);
    JsonNode afterCrash = TrailFixtures.readGzipJson(digests.get(digests.size() - 1));
    JsonNode restart = afterCrash.get("trailRestarts").get(0);
    assertThat(restart.get("previousShutdown").asText()).isEqualTo("crash");
    assertThat(restart.get("journalRecordsRecovered").asLong()).isEqualTo(5);
    assertThat(restart.get("journalBytesTruncated").asLong()).isEqualTo(6);

    ValidationReport report = new TrailValidator(TrailDirectory.readConfig(root), TrailDirectory.readPublicKey(root))
        .validate(T0, clock.instant());
    assertThat(report.allValid()).as(report.renderText(true)).isTrue();
    assertThat(report.renderText(false)).contains("after a crash shutdown: journal recovered 5 records, truncated 6 torn bytes");
  }

  @Test
  void hoursTheTrailWasDownGetDigestsThatCarryTheRestart() throws Exception {
    MutableClock clock = new MutableClock(T0);
    Trail crashed = Trail.open(TrailFixtures.config(root), clock);
    crashed.append(TrailFixtures.decrypt(T0, "before-crash"));
    crashed.simulateCrashForTesting();
    clock.advance(Duration.ofMinutes(200)); // down for three hours and more
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      trail.writeDigests();
    }
    List<Path> digests = TrailFixtures.digestFiles(root);
    assertThat(digests).hasSize(3);
    for (Path d : digests) {
      JsonNode restart = TrailFixtures.readGzipJson(d).get("trailRestarts").get(0);
      assertThat(restart.get("restartTime").asText()).isEqualTo("2026-11-27T18:20:00Z");
      assertThat(restart.get("previousShutdown").asText()).isEqualTo("crash");
    }
    // The record appended before the crash was delivered after it, into the current hour.
    assertThat(TrailFixtures.callRecordsInLogFiles(root)).extracting(r -> r.get("requestID").asText())
        .containsExactly("before-crash");
    ValidationReport report = new TrailValidator(TrailDirectory.readConfig(root), TrailDirectory.readPublicKey(root))
        .validate(T0, clock.instant());
    assertThat(report.allValid()).as(report.renderText(true)).isTrue();
    assertThat(report.digests()).hasSize(3);
  }

  @Test
  void aSecondWriterCannotOpenTheSameDirectory() throws Exception {
    try (Trail trail = Trail.open(TrailFixtures.config(root), new MutableClock(T0))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Trail.open(TrailFixtures.config(root), new MutableClock(T0)))
          .isInstanceOf(java.io.IOException.class).hasMessageContaining("in use");
    }
  }

  @Test
  void aClosedTrailRefusesRecords() throws Exception {
    Trail trail = Trail.open(TrailFixtures.config(root), new MutableClock(T0));
    assertThat(trail.available()).isTrue();
    trail.close();
    assertThat(trail.available()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> trail.append(TrailFixtures.decrypt(T0, "late")))
        .isInstanceOf(TrailUnavailableException.class);
  }
}
