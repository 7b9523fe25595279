package keywatch.trail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import keywatch.trail.record.CloudTrailRecord;
import keywatch.trail.record.UserIdentity;

/**
 * The trail's own configuration changes, recorded as CloudTrail records its API calls
 * ({@code eventSource} {@code cloudtrail.amazonaws.com}): {@code CreateTrail} when a trail directory
 * is first opened, {@code UpdateTrail} when it is opened with settings other than those it last
 * recorded, {@code StartLogging} at every open and {@code StopLogging} at a clean close. Alarms on
 * trail tampering written for AWS (e.g. the CIS benchmark's metric filter on these event names)
 * therefore work on keywatch's trail unchanged.
 *
 * <p>Who: keywatch configures its trail from the serve command's options, with no authenticated
 * caller, so the identity is CloudTrail's documented {@code AWSService} type naming keywatch
 * ({@code {"type": "AWSService", "invokedBy": "keywatch"}}), with {@code sourceIPAddress} and
 * {@code userAgent} {@code "keywatch"}; {@code recipientAccountId} is the trail's account.
 *
 * <p>What maps (UpdateTrail's request parameters, AWS's names): {@code name}, {@code s3BucketName}
 * (the configured bucket name), {@code cloudWatchLogsLogGroupArn} (the log group, as an ARN),
 * {@code enableLogFileValidation} (always true: keywatch always writes digests) and
 * {@code isMultiRegionTrail} (false). The file interval has no AWS counterpart (CloudTrail's is
 * fixed), so it travels in {@code additionalEventData.fileIntervalSeconds}. UpdateTrail carries only
 * {@code name} and the settings that changed.
 */
public final class TrailConfigEvents {
  public static final String EVENT_SOURCE = "cloudtrail.amazonaws.com";
  public static final String INVOKED_BY = "keywatch";
  public static final String TRAIL_RESOURCE_TYPE = "AWS::CloudTrail::Trail";

  private TrailConfigEvents() {}

  /**
   * What opening records, in order: CreateTrail (a new directory) or UpdateTrail (other settings
   * than last recorded) if due, then StartLogging.
   *
   * @param newDirectory true if the directory has recorded no configuration yet
   * @param previous the configuration the directory last recorded, or null if it is new or that
   *     record is unreadable (then every setting counts as changed)
   */
  public static List<ObjectNode> atOpen(boolean newDirectory, TrailConfig previous, TrailConfig current, Instant now) {
    List<ObjectNode> out = new ArrayList<>();
    if (newDirectory) {
      out.add(createTrail(current, now));
    } else if (previous == null || !sameSettings(previous, current)) {
      out.add(updateTrail(previous, current, now));
    }
    out.add(logging("StartLogging", current, now));
    return out;
  }

  public static ObjectNode createTrail(TrailConfig config, Instant now) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("name", config.trailName());
    p.put("s3BucketName", config.bucketName());
    p.put("isMultiRegionTrail", false);
    p.put("enableLogFileValidation", true);
    p.put("cloudWatchLogsLogGroupArn", logGroupArn(config));
    ObjectNode extra = JsonNodeFactory.instance.objectNode();
    extra.put("fileIntervalSeconds", config.fileInterval().toSeconds());
    return base("CreateTrail", config, now).requestParameters(p).responseElements(trailDescription(config))
        .additionalEventData(extra).build();
  }

  /**
   * UpdateTrail with {@code name} and each setting that differs from {@code previous}, at its new
   * value (every setting if {@code previous} is null: unknown).
   */
  public static ObjectNode updateTrail(TrailConfig previous, TrailConfig config, Instant now) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("name", config.trailArn());
    if (previous == null || !Objects.equals(previous.bucketName(), config.bucketName())) {
      p.put("s3BucketName", config.bucketName());
    }
    if (previous == null || !Objects.equals(previous.logGroupName(), config.logGroupName())) {
      p.put("cloudWatchLogsLogGroupArn", logGroupArn(config));
    }
    CloudTrailRecord.Builder b = base("UpdateTrail", config, now).requestParameters(p)
        .responseElements(trailDescription(config));
    if (previous == null || !Objects.equals(previous.fileInterval(), config.fileInterval())) {
      ObjectNode extra = JsonNodeFactory.instance.objectNode();
      extra.put("fileIntervalSeconds", config.fileInterval().toSeconds());
      b.additionalEventData(extra);
    }
    return b.build();
  }

  public static ObjectNode stopLogging(TrailConfig config, Instant now) {
    return logging("StopLogging", config, now);
  }

  /** The settings UpdateTrail can change; the name, account and region place the files and are not among them. */
  static boolean sameSettings(TrailConfig a, TrailConfig b) {
    return Objects.equals(a.bucketName(), b.bucketName())
        && Objects.equals(a.logGroupName(), b.logGroupName())
        && Objects.equals(a.fileInterval(), b.fileInterval());
  }

  /** CloudTrail's spelling of a log group: {@code arn:aws:logs:<region>:<account>:log-group:<name>:*}. */
  public static String logGroupArn(TrailConfig config) {
    return "arn:aws:logs:" + config.region() + ":" + config.accountId() + ":log-group:" + config.logGroupName() + ":*";
  }

  private static ObjectNode logging(String eventName, TrailConfig config, Instant now) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("name", config.trailArn());
    return base(eventName, config, now).requestParameters(p).responseElements(null).build();
  }

  /** CreateTrail's and UpdateTrail's response: the trail as it now is. */
  private static ObjectNode trailDescription(TrailConfig config) {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("name", config.trailName());
    r.put("s3BucketName", config.bucketName());
    r.put("isMultiRegionTrail", false);
    r.put("trailARN", config.trailArn());
    r.put("logFileValidationEnabled", true);
    r.put("cloudWatchLogsLogGroupArn", logGroupArn(config));
    r.put("isOrganizationTrail", false);
    return r;
  }

  private static CloudTrailRecord.Builder base(String eventName, TrailConfig config, Instant now) {
    return CloudTrailRecord.builder()
        .userIdentity(UserIdentity.awsService(INVOKED_BY))
        .eventTime(now)
        .eventSource(EVENT_SOURCE)
        .eventName(eventName)
        .awsRegion(config.region())
        .sourceIpAddress(INVOKED_BY)
        .userAgent(INVOKED_BY)
        .requestId(UUID.randomUUID().toString())
        .readOnly(false)
        .resource(new CloudTrailRecord.Resource(config.accountId(), TRAIL_RESOURCE_TYPE, config.trailArn()))
        .eventType("AwsApiCall")
        .managementEvent(true)
        .recipientAccountId(config.accountId())
        .eventCategory("Management");
  }
}
