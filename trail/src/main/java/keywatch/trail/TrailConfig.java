package keywatch.trail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a trail lives and how it names its files.
 *
 * @param rootDirectory holds {@code journal/}, {@code AWSLogs/...}, {@code logs/}, the digest signing key
 *     and {@code trail.json}
 * @param accountId the 12-digit account the files are named after
 * @param region the region the files are named after
 * @param trailName the trail name that appears in digest file names
 * @param bucketName the "S3 bucket" name written into digests and validator output (no S3 is involved)
 * @param fileInterval how often journal records become a {@code .json.gz} log file
 * @param logGroupName the log group the trail delivers to, one record per line
 */
public record TrailConfig(
    Path rootDirectory,
    String accountId,
    String region,
    String trailName,
    String bucketName,
    Duration fileInterval,
    String logGroupName) {

  public static final String DEFAULT_BUCKET = "keywatch-trail";
  public static final Duration DEFAULT_FILE_INTERVAL = Duration.ofMinutes(5);
  public static final String DEFAULT_LOG_GROUP = "keywatch-trail";

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  // Names end up in file names; keep them to what AWS allows for trails, buckets and regions.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}");
  private static final Pattern LOG_GROUP = Pattern.compile("[A-Za-z0-9._\\-/#]{1,512}");

  public TrailConfig {
    Objects.requireNonNull(rootDirectory, "rootDirectory");
    if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
      throw new IllegalArgumentException("accountId must be 12 digits: " + accountId);
    }
    requireName("region", region);
    requireName("trailName", trailName);
    bucketName = bucketName == null ? DEFAULT_BUCKET : bucketName;
    requireName("bucketName", bucketName);
    fileInterval = fileInterval == null ? DEFAULT_FILE_INTERVAL : fileInterval;
    if (fileInterval.isNegative() || fileInterval.isZero()) {
      throw new IllegalArgumentException("fileInterval must be positive: " + fileInterval);
    }
    logGroupName = logGroupName == null ? DEFAULT_LOG_GROUP : logGroupName;
    if (!LOG_GROUP.matcher(logGroupName).matches() || logGroupName.contains("..")) {
      throw new IllegalArgumentException("invalid logGroupName: " + logGroupName);
    }
  }

  /** The brief's six-part form; the log group takes its default. */
  public TrailConfig(
      Path rootDirectory, String accountId, String region, String trailName, String bucketName, Duration fileInterval) {
    this(rootDirectory, accountId, region, trailName, bucketName, fileInterval, null);
  }

  /** Defaults for bucket, file interval and log group. */
  public static TrailConfig of(Path rootDirectory, String accountId, String region, String trailName) {
    return new TrailConfig(rootDirectory, accountId, region, trailName, null, null, null);
  }

  public TrailConfig withLogGroupName(String name) {
    return new TrailConfig(rootDirectory, accountId, region, trailName, bucketName, fileInterval, name);
  }

  public TrailConfig withFileInterval(Duration interval) {
    return new TrailConfig(rootDirectory, accountId, region, trailName, bucketName, interval, logGroupName);
  }

  /** The trail's ARN, as CloudTrail names it. */
  public String trailArn() {
    return "arn:aws:cloudtrail:" + region + ":" + accountId + ":trail/" + trailName;
  }

  private static void requireName(String what, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid " + what + ": " + value);
    }
  }
}
