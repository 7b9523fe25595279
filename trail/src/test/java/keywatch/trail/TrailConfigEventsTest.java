package keywatch.trail;

import static keywatch.trail.TrailFixtures.ACCOUNT;
import static keywatch.trail.TrailFixtures.REGION;
import static keywatch.trail.TrailFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import keywatch.trail.journal.Journal;
import keywatch.trail.validate.TrailValidator;
import keywatch.trail.validate.ValidationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trail records its own configuration as CloudTrail records CloudTrail's API calls: CreateTrail
 * at a directory's first open, UpdateTrail when reopened with other settings (only those, at their
 * new values), StartLogging at every open (or the open fails), StopLogging as a clean close's last
 * record; and the trail still validates.
 */
class TrailConfigEventsTest {
  @TempDir Path root;

  private final MutableClock clock = new MutableClock(T0);

  private List<JsonNode> trailOwn() throws IOException {
    return TrailFixtures.recordsInLogFiles(root).stream().filter(TrailFixtures::isTrailOwn).toList();
  }

  private static List<String> names(List<JsonNode> records) {
    return records.stream().map(r -> r.path("eventName").asText()).toList();
  }

  private void assertValid() throws IOException {
    ValidationReport report = new TrailValidator(TrailDirectory.readConfig(root), TrailDirectory.readPublicKey(root))
        .validate(T0, clock.instant());
    assertThat(report.allValid()).as(report.renderText(true)).isTrue();
  }

  @Test
  void firstOpen_recordsCreateTrailThenStartLogging_andACleanCloseEndsWithStopLogging() throws Exception {
    TrailConfig config = TrailFixtures.config(root);
    try (Trail trail = Trail.open(config, clock)) {
      clock.advance(Duration.ofSeconds(5));
      trail.append(TrailFixtures.decrypt(clock.instant(), "req-1"));
      clock.advance(Duration.ofSeconds(5));
    }
    List<JsonNode> all = TrailFixtures.recordsInLogFiles(root);
    assertThat(names(all)).containsExactly("CreateTrail", "StartLogging", "Decrypt", "StopLogging");

    JsonNode create = all.get(0);
    assertThat(create.path("eventSource").asText()).isEqualTo("cloudtrail.amazonaws.com");
    assertThat(create.path("eventType").asText()).isEqualTo("AwsApiCall");
    assertThat(create.path("userIdentity").path("type").asText()).isEqualTo("AWSService");
    assertThat(create.path("userIdentity").path("invokedBy").asText()).isEqualTo("keywatch");
    assertThat(create.path("sourceIPAddress").asText()).isEqualTo("keywatch");
    assertThat(create.path("awsRegion").asText()).isEqualTo(REGION);
    assertThat(create.path("recipientAccountId").asText()).isEqualTo(ACCOUNT);
    assertThat(create.path("readOnly").asBoolean(true)).isFalse();
    assertThat(create.path("managementEvent").asBoolean()).isTrue();
    assertThat(create.path("eventTime").asText()).isEqualTo("2026-11-27T15:00:00Z");
    assertThat(fieldNames(create.path("requestParameters"))).containsExactly(
        "name", "s3BucketName", "isMultiRegionTrail", "enableLogFileValidation", "cloudWatchLogsLogGroupArn");
    assertThat(create.at("/requestParameters/name").asText()).isEqualTo("pattern1-trail");
    assertThat(create.at("/requestParameters/s3BucketName").asText()).isEqualTo("keywatch-trail");
    assertThat(create.at("/requestParameters/enableLogFileValidation").isBoolean()).isTrue();
    assertThat(create.at("/requestParameters/cloudWatchLogsLogGroupArn").asText())
        .isEqualTo("arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:pattern1-logging-loggroup:*");
    assertThat(create.at("/responseElements/trailARN").asText()).isEqualTo(config.trailArn());
    assertThat(create.at("/additionalEventData/fileIntervalSeconds").asLong()).isEqualTo(6 * 3600);
    assertThat(create.at("/resources/0/type").asText()).isEqualTo("AWS::CloudTrail::Trail");
    assertThat(create.at("/resources/0/ARN").asText()).isEqualTo(config.trailArn());

    JsonNode start = all.get(1);
    assertThat(fieldNames(start.path("requestParameters"))).containsExactly("name");
    assertThat(start.at("/requestParameters/name").asText()).isEqualTo(config.trailArn());
    assertThat(start.path("responseElements").isNull()).isTrue();
    JsonNode stop = all.get(3);
    assertThat(stop.path("eventTime").asText()).isEqualTo("2026-11-27T15:00:10Z");
    assertThat(stop.at("/requestParameters/name").asText()).isEqualTo(config.trailArn());
    assertValid();
  }

  @Test
  void reopenWithTheSameSettings_recordsStartLoggingOnly() throws Exception {
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      trail.append(TrailFixtures.decrypt(clock.instant(), "run-1"));
    }
    clock.advance(Duration.ofMinutes(10));
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      trail.append(TrailFixtures.decrypt(clock.instant(), "run-2"));
    }
    assertThat(names(TrailFixtures.recordsInLogFiles(root))).containsExactly(
        "CreateTrail", "StartLogging", "Decrypt", "StopLogging",
        "StartLogging", "Decrypt", "StopLogging");
    clock.advance(Duration.ofHours(2));
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      trail.writeDigests();
    }
    assertValid();
  }

  @Test
  void reopenWithADifferentFileIntervalAndLogGroup_recordsUpdateTrailWithTheNewValues() throws Exception {
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      trail.append(TrailFixtures.decrypt(clock.instant(), "run-1"));
    }
    clock.advance(Duration.ofMinutes(10));
    TrailConfig changed = TrailFixtures.config(root).withFileInterval(Duration.ofHours(5)).withLogGroupName("other-group");
    try (Trail trail = Trail.open(changed, clock)) {
      trail.append(TrailFixtures.decrypt(clock.instant(), "run-2"));
    }
    clock.advance(Duration.ofMinutes(10));
    try (Trail trail = Trail.open(changed, clock)) { // same as last time: no UpdateTrail
      clock.advance(Duration.ofHours(2));
      trail.writeDigests();
    }
    List<JsonNode> own = trailOwn();
    assertThat(names(own)).containsExactly("CreateTrail", "StartLogging", "StopLogging",
        "UpdateTrail", "StartLogging", "StopLogging", "StartLogging", "StopLogging");
    JsonNode update = own.get(3);
    assertThat(update.path("eventTime").asText()).isEqualTo("2026-11-27T15:10:00Z");
    // Only the name and what changed; the unchanged bucket is left out.
    assertThat(fieldNames(update.path("requestParameters"))).containsExactly("name", "cloudWatchLogsLogGroupArn");
    assertThat(update.at("/requestParameters/name").asText()).isEqualTo(changed.trailArn());
    assertThat(update.at("/requestParameters/cloudWatchLogsLogGroupArn").asText())
        .isEqualTo("arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:other-group:*");
    assertThat(update.at("/additionalEventData/fileIntervalSeconds").asLong()).isEqualTo(5 * 3600);
    assertThat(update.at("/responseElements/cloudWatchLogsLogGroupArn").asText()).endsWith(":log-group:other-group:*");
    assertThat(TrailDirectory.readConfig(root).logGroupName()).isEqualTo("other-group");
    assertValid();
  }

  @Test
  void onlyTheFileIntervalChanged_updateTrailCarriesNameAndTheIntervalOnly() throws Exception {
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      trail.flushLogFiles();
    }
    try (Trail trail = Trail.open(TrailFixtures.config(root).withFileInterval(Duration.ofHours(1)), clock)) {
      trail.flushLogFiles();
    }
    JsonNode update = trailOwn().stream().filter(r -> r.path("eventName").asText().equals("UpdateTrail"))
        .findFirst().orElseThrow();
    assertThat(fieldNames(update.path("requestParameters"))).containsExactly("name");
    assertThat(update.at("/additionalEventData/fileIntervalSeconds").asLong()).isEqualTo(3600);
  }

  @Test
  void anUnreadableTrailJson_doesNotStopTheOpen_andEverySettingIsRecordedAsUpdated() throws Exception {
    Trail.open(TrailFixtures.config(root), clock).close(); // one log file per run: delivered at close
    Files.writeString(root.resolve(TrailDirectory.DESCRIPTOR), "{not json");
    clock.advance(Duration.ofMinutes(10));
    Trail.open(TrailFixtures.config(root), clock).close();
    List<JsonNode> own = trailOwn();
    assertThat(names(own)).containsExactly("CreateTrail", "StartLogging", "StopLogging",
        "UpdateTrail", "StartLogging", "StopLogging");
    assertThat(fieldNames(own.get(3).path("requestParameters")))
        .containsExactly("name", "s3BucketName", "cloudWatchLogsLogGroupArn");
    assertThat(own.get(3).at("/additionalEventData/fileIntervalSeconds").asLong()).isEqualTo(6 * 3600);
    assertThat(TrailDirectory.readConfig(root)).isEqualTo(TrailFixtures.config(root));
  }

  @Test
  void ifStartLoggingCannotBeRecorded_openingFails_andALaterOpenRecordsIt() throws Exception {
    // A disk that takes no writes: the journal opens, the first append (CreateTrail) fails.
    Journal.SegmentOpener readOnly = segment -> {
      if (!Files.exists(segment)) {
        Files.createFile(segment);
      }
      return FileChannel.open(segment, StandardOpenOption.READ);
    };
    assertThatThrownBy(() -> Trail.openForTesting(TrailFixtures.config(root), clock, readOnly))
        .isInstanceOf(IOException.class);

    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) { // the directory is not left locked
      trail.append(TrailFixtures.decrypt(clock.instant(), "after"));
    }
    assertThat(names(TrailFixtures.recordsInLogFiles(root)))
        .containsExactly("CreateTrail", "StartLogging", "Decrypt", "StopLogging");
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
