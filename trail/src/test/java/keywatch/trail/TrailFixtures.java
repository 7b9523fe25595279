package keywatch.trail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import keywatch.trail.delivery.DurableFiles;
import keywatch.trail.record.CloudTrailJson;
import keywatch.trail.record.CloudTrailRecord;
import keywatch.trail.record.UserIdentity;

/** Shared test data: the lab's account and region, records like the lab's Decrypt calls. */
public final class TrailFixtures {
  public static final String ACCOUNT = "111122223333";
  public static final String REGION = "ap-southeast-2";
  public static final String TRAIL = "pattern1-trail";
  public static final String KEY_ARN = "arn:aws:kms:ap-southeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  public static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");
  static final ObjectMapper MAPPER = CloudTrailJson.newMapper();

  private TrailFixtures() {}

  public static TrailConfig config(Path root) {
    // A long interval: tests flush explicitly, the timer never fires during a test.
    return new TrailConfig(root, ACCOUNT, REGION, TRAIL, "keywatch-trail", Duration.ofHours(6), "pattern1-logging-loggroup");
  }

  public static ObjectNode decrypt(Instant time, String requestId, boolean failed) {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
    params.put("keyId", KEY_ARN);
    CloudTrailRecord.Builder b = CloudTrailRecord.builder()
        .userIdentity(UserIdentity.assumedRole(ACCOUNT, "pattern1-app-Pattern1ECSTaskRole", "AROAEXAMPLEROLEID",
            "task-session", "ASIAEXAMPLEKEYID", time.minusSeconds(600), false))
        .eventTime(time)
        .eventName("Decrypt")
        .awsRegion(REGION)
        .sourceIpAddress("192.0.2.10")
        .userAgent("aws-sdk-java/2.x")
        .requestParameters(params)
        .requestId(requestId)
        .readOnly(true)
        .kmsKeyResource(KEY_ARN);
    if (failed) {
      b.error("IncorrectKeyException",
          "The key ID in the request does not identify a CMK that can perform this operation.");
    }
    return b.build();
  }

  public static ObjectNode decrypt(Instant time, String requestId) {
    return decrypt(time, requestId, false);
  }

  /** Every log file under the trail, as object keys, sorted. */
  public static List<Path> logFiles(Path root) throws IOException {
    return filesUnder(root.resolve("AWSLogs").resolve(ACCOUNT).resolve("CloudTrail"), ".json.gz");
  }

  public static List<Path> digestFiles(Path root) throws IOException {
    return filesUnder(root.resolve("AWSLogs").resolve(ACCOUNT).resolve("CloudTrail-Digest"), ".json.gz");
  }

  private static List<Path> filesUnder(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  public static JsonNode readGzipJson(Path file) throws IOException {
    return MAPPER.readTree(DurableFiles.gunzip(Files.readAllBytes(file)));
  }

  /**
   * The records in log files other than the trail's own (CreateTrail, UpdateTrail, StartLogging,
   * StopLogging: eventSource cloudtrail.amazonaws.com), in file-name then in-file order.
   */
  public static List<JsonNode> callRecordsInLogFiles(Path root) throws IOException {
    return recordsInLogFiles(root).stream().filter(r -> !isTrailOwn(r)).toList();
  }

  public static boolean isTrailOwn(JsonNode record) {
    return TrailConfigEvents.EVENT_SOURCE.equals(record.path("eventSource").asText());
  }

  /** Every record in every log file, in file-name then in-file order. */
  public static List<JsonNode> recordsInLogFiles(Path root) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    for (Path f : logFiles(root)) {
      readGzipJson(f).get("Records").forEach(all::add);
    }
    return all;
  }
}
