package keywatch.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.trail.TrailConfig;
import keywatch.trail.lookup.EventLookup;
import keywatch.trail.validate.ValidationReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, with the real AWS SDK and the server's own sweep: when keywatch's clock passes a
 * key's deletion date or its automatic rotation date, the trail holds exactly one DeleteKey or one
 * RotateKey service event per change, shaped as AWS's documented examples
 * (resources {@code aws-cloudtrail-examples/}), and the trail still validates.
 */
class ServiceEventRecordsTest {
  @TempDir Path dataDir;

  private KeywatchHarness harness;
  private Instant startedWall;

  @BeforeEach
  void start() throws Exception {
    // The trail runs on the wall clock (the SDK signs with it); keywatch's domain clock is the harness's.
    startedWall = Instant.now().minus(Duration.ofMinutes(1));
    harness = KeywatchHarness.start(dataDir);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  private List<JsonNode> records(String eventName) throws Exception {
    TrailConfig config = harness.server().trail().orElseThrow().config();
    return new EventLookup(config).records().stream()
        .filter(r -> eventName.equals(r.path("eventName").asText()))
        .toList();
  }

  @Test
  void aKeyWhoseWaitingPeriodEndsIsDeletedAndRecordedOnceAsDeleteKey() throws Exception {
    String arn = harness.kms().createKey(b -> b.description("doomed")).keyMetadata().arn();
    harness.kms().scheduleKeyDeletion(b -> b.keyId(arn).pendingWindowInDays(7));

    harness.clock().advance(Duration.ofDays(6));
    harness.server().sweep();
    assertThat(records("DeleteKey")).isEmpty();

    harness.clock().advance(Duration.ofDays(1));
    harness.server().sweep();
    harness.server().sweep();
    List<JsonNode> deletes = records("DeleteKey");
    assertThat(deletes).hasSize(1);
    JsonNode r = deletes.get(0);
    GoldenShapes.assertSameShape(r, "DeleteKey.json", Set.of(), Set.of());
    assertThat(r.path("userIdentity").toString())
        .isEqualTo("{\"accountId\":\"" + KeywatchHarness.ACCOUNT + "\",\"invokedBy\":\"AWS Internal\"}");
    assertThat(r.path("eventType").asText()).isEqualTo("AwsServiceEvent");
    assertThat(r.at("/resources/0/ARN").asText()).isEqualTo(arn);
    assertThat(harness.kms().listKeys().keys()).noneMatch(k -> k.keyArn().equals(arn));
    assertValid();
  }

  @Test
  void eachAutomaticRotationIsRecordedOnceAsRotateKey() throws Exception {
    String keyId = harness.kms().createKey(b -> { }).keyMetadata().keyId();
    harness.kms().enableKeyRotation(b -> b.keyId(keyId).rotationPeriodInDays(90));

    harness.clock().advance(Duration.ofDays(90));
    harness.server().sweep();
    harness.server().sweep();
    List<JsonNode> rotations = records("RotateKey");
    assertThat(rotations).hasSize(1);
    JsonNode r = rotations.get(0);
    GoldenShapes.assertSameShape(r, "RotateKey.json", Set.of(), Set.of());
    assertThat(r.at("/serviceEventDetails/rotationType").asText()).isEqualTo("AUTOMATIC");
    assertThat(r.at("/serviceEventDetails/keyId").asText()).isEqualTo(keyId);
    assertThat(r.path("userIdentity").path("invokedBy").asText()).isEqualTo("AWS Internal");

    harness.clock().advance(Duration.ofDays(90));
    harness.server().sweep();
    assertThat(records("RotateKey")).hasSize(2);
    assertThat(harness.kms().listKeyRotations(b -> b.keyId(keyId)).rotations()).hasSize(2);
    assertValid();
  }

  /** Every hour of the trail since the test began validates, service events included. */
  private void assertValid() throws Exception {
    Path root = harness.server().trail().orElseThrow().config().rootDirectory();
    harness.close(); // delivers the journal; StopLogging is its last record
    ValidationReport report = TrailValidation.validateClosed(root, startedWall);
    assertThat(report.allValid()).as(report.renderText(true)).isTrue();
    assertThat(report.logFiles()).isNotEmpty();
  }
}
