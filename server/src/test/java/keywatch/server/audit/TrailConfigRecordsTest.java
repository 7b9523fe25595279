package keywatch.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import keywatch.server.config.ServerConfig;
import keywatch.server.config.TrailSettings;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.server.sdk.MutableClock;
import keywatch.trail.TrailConfig;
import keywatch.trail.lookup.EventLookup;
import keywatch.trail.validate.ValidationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's trail records its own configuration from the serve options: CreateTrail and
 * StartLogging at the first start, StartLogging alone at a restart with the same options (after
 * the previous run's StopLogging), UpdateTrail naming the changed file interval and log group when
 * the options change; and {@code keywatch trail validate}'s checks pass over it all.
 */
class TrailConfigRecordsTest {
  @TempDir Path dataDir;

  private static List<JsonNode> trailOwn(TrailConfig config) throws Exception {
    return new EventLookup(config).records().stream()
        .filter(r -> "cloudtrail.amazonaws.com".equals(r.path("eventSource").asText()))
        .toList();
  }

  private static List<String> names(List<JsonNode> records) {
    return records.stream().map(r -> r.path("eventName").asText()).toList();
  }

  @Test
  void startsRestartsAndChangedOptionsAreRecorded() throws Exception {
    MutableClock clock = new MutableClock();
    Instant startedWall = Instant.now().minus(Duration.ofMinutes(1)); // the trail runs on the wall clock
    ServerConfig config = ServerConfig.forTests(dataDir);
    TrailConfig trailConfig;
    try (KeywatchHarness harness = KeywatchHarness.start(config, clock)) {
      trailConfig = harness.server().trail().orElseThrow().config();
      List<JsonNode> own = trailOwn(trailConfig);
      assertThat(names(own)).containsExactly("CreateTrail", "StartLogging"); // both still in the journal, in order
      JsonNode create = own.get(0);
      assertThat(create.path("userIdentity").toString()).isEqualTo("{\"type\":\"AWSService\",\"invokedBy\":\"keywatch\"}");
      assertThat(create.path("recipientAccountId").asText()).isEqualTo(KeywatchHarness.ACCOUNT);
      assertThat(create.at("/requestParameters/name").asText()).isEqualTo(TrailSettings.TRAIL_NAME);
      assertThat(create.at("/requestParameters/cloudWatchLogsLogGroupArn").asText())
          .isEqualTo("arn:aws:logs:us-east-1:" + KeywatchHarness.ACCOUNT + ":log-group:" + config.trail().logGroupName() + ":*");
      assertThat(create.at("/additionalEventData/fileIntervalSeconds").asLong())
          .isEqualTo(config.trail().fileInterval().toSeconds());
      // The first KMS call comes after them.
      harness.kms().createKey(b -> { });

      clock.advance(Duration.ofMinutes(5));
      harness.restart();
      // Log files delivered within one minute come back in no set order: compare as multisets (the
      // trail module's TrailConfigEventsTest checks the order).
      assertThat(names(trailOwn(trailConfig)))
          .containsExactlyInAnyOrder("CreateTrail", "StartLogging", "StopLogging", "StartLogging");
    }

    clock.advance(Duration.ofMinutes(5));
    TrailSettings changedSettings = new TrailSettings(config.trail().directory(),
        config.trail().fileInterval().plusSeconds(60), "pattern1-logging-loggroup", false);
    try (KeywatchHarness harness = KeywatchHarness.start(config.withTrail(changedSettings), clock)) {
      List<JsonNode> own = trailOwn(trailConfig);
      assertThat(names(own)).containsExactlyInAnyOrder("CreateTrail", "StartLogging", "StopLogging", "StartLogging",
          "StopLogging", "UpdateTrail", "StartLogging");
      JsonNode update = own.stream().filter(r -> r.path("eventName").asText().equals("UpdateTrail")).findFirst().orElseThrow();
      assertThat(update.at("/requestParameters/name").asText()).isEqualTo(trailConfig.trailArn());
      assertThat(update.at("/requestParameters/cloudWatchLogsLogGroupArn").asText())
          .isEqualTo("arn:aws:logs:us-east-1:" + KeywatchHarness.ACCOUNT + ":log-group:pattern1-logging-loggroup:*");
      assertThat(update.path("requestParameters").has("s3BucketName")).isFalse(); // unchanged
      assertThat(update.at("/additionalEventData/fileIntervalSeconds").asLong())
          .isEqualTo(changedSettings.fileInterval().toSeconds());
      assertThat(harness.server().trail().orElseThrow().config().logGroupName()).isEqualTo("pattern1-logging-loggroup");
    }

    ValidationReport report = TrailValidation.validateClosed(trailConfig.rootDirectory(), startedWall);
    assertThat(report.allValid()).as(report.renderText(true)).isTrue();
    assertThat(report.logFiles()).isNotEmpty();
  }
}
