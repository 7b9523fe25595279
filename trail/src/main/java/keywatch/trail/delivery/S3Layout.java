package keywatch.trail.delivery;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import keywatch.trail.TrailConfig;

/**
 * CloudTrail's object keys, laid out under the trail's root directory as if it were the bucket:
 *
 * <pre>
 * AWSLogs/&lt;account&gt;/CloudTrail/&lt;region&gt;/YYYY/MM/DD/&lt;account&gt;_CloudTrail_&lt;region&gt;_&lt;YYYYMMDDTHHmmZ&gt;_&lt;unique&gt;.json.gz
 * AWSLogs/&lt;account&gt;/CloudTrail-Digest/&lt;region&gt;/YYYY/MM/DD/&lt;account&gt;_CloudTrail-Digest_&lt;region&gt;_&lt;trail&gt;_&lt;region&gt;_&lt;YYYYMMDDTHHmmssZ&gt;.json.gz
 * </pre>
 *
 * The digest signature, which S3 would keep in the object's metadata ({@code signature},
 * {@code signature-algorithm}), is kept beside the digest in {@code <digest key>.sig.json} holding
 * exactly that metadata as a JSON object, so a copy to S3 can carry it over unchanged.
 */
public final class S3Layout {
  public static final String SIGNATURE_SIDECAR_SUFFIX = ".sig.json";
  private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter LOG_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DIGEST_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String UNIQUE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final TrailConfig config;
  private final SecureRandom random = new SecureRandom();
  private final Pattern logKey;
  private final Pattern digestKey;

  public S3Layout(TrailConfig config) {
    this.config = config;
    String a = Pattern.quote(config.accountId());
    String r = Pattern.quote(config.region());
    this.logKey = Pattern.compile(
        "AWSLogs/" + a + "/CloudTrail/" + r + "/\\d{4}/\\d{2}/\\d{2}/" + a + "_CloudTrail_" + r
            + "_(\\d{8}T\\d{4}Z)_[A-Za-z0-9]{16}\\.json\\.gz");
    this.digestKey = Pattern.compile(
        "AWSLogs/" + a + "/CloudTrail-Digest/" + r + "/\\d{4}/\\d{2}/\\d{2}/" + a + "_CloudTrail-Digest_" + r + "_"
            + Pattern.quote(config.trailName()) + "_" + r + "_(\\d{8}T\\d{6}Z)\\.json\\.gz");
  }

  public String bucket() {
    return config.bucketName();
  }

  /** A fresh log file key for a file delivered at {@code deliveredAt}. */
  public String newLogFileKey(Instant deliveredAt) {
    StringBuilder unique = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      unique.append(UNIQUE_ALPHABET.charAt(random.nextInt(UNIQUE_ALPHABET.length())));
    }
    return logPrefix() + DAY_PATH.format(deliveredAt) + "/" + config.accountId() + "_CloudTrail_" + config.region()
        + "_" + LOG_STAMP.format(deliveredAt) + "_" + unique + ".json.gz";
  }

  /** The digest key for the digest whose period ends at {@code digestEnd}. */
  public String digestKey(Instant digestEnd) {
    return digestPrefix() + DAY_PATH.format(digestEnd) + "/" + config.accountId() + "_CloudTrail-Digest_"
        + config.region() + "_" + config.trailName() + "_" + config.region() + "_"
        + DIGEST_STAMP.format(digestEnd.truncatedTo(ChronoUnit.SECONDS)) + ".json.gz";
  }

  public String logPrefix() {
    return "AWSLogs/" + config.accountId() + "/CloudTrail/" + config.region() + "/";
  }

  public String digestPrefix() {
    return "AWSLogs/" + config.accountId() + "/CloudTrail-Digest/" + config.region() + "/";
  }

  /** The file an object key maps to under the root directory. */
  public Path file(String key) {
    return config.rootDirectory().resolve(key);
  }

  public Path signatureFile(String digestKey) {
    return config.rootDirectory().resolve(digestKey + SIGNATURE_SIDECAR_SUFFIX);
  }

  /** The "s3://bucket/key" form the validator prints. */
  public String s3Uri(String key) {
    return "s3://" + config.bucketName() + "/" + key;
  }

  public boolean isLogFileKey(String key) {
    return logKey.matcher(key).matches();
  }

  public boolean isDigestKey(String key) {
    return digestKey.matcher(key).matches();
  }

  /** The minute a log file was delivered, from its name; null if the key is not a log file's. */
  public Instant logFileTime(String key) {
    Matcher m = logKey.matcher(key);
    return m.matches() ? LOG_STAMP.parse(m.group(1), Instant::from) : null;
  }

  /** A digest's end time, from its name; null if the key is not a digest's. */
  public Instant digestTime(String key) {
    Matcher m = digestKey.matcher(key);
    return m.matches() ? DIGEST_STAMP.parse(m.group(1), Instant::from) : null;
  }

  /** The key of a file under the root, with '/' separators. */
  public String keyOf(Path file) {
    return config.rootDirectory().relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }
}
