package keywatch.trail.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import keywatch.trail.TrailConfig;
import keywatch.trail.delivery.DurableFiles;
import keywatch.trail.delivery.S3Layout;
import keywatch.trail.digest.DigestWriter;
import keywatch.trail.digest.Hashes;
import keywatch.trail.digest.SigningKey;
import keywatch.trail.record.CloudTrailJson;

/**
 * Validates a trail directory the way {@code aws cloudtrail validate-logs} validates a bucket.
 *
 * <p>Walk: take the digests whose names fall in {@code [start, end + 1 hour]}, start from the newest
 * and follow {@code previousDigestS3Object} backwards until a digest starts before {@code start}.
 * Each digest is checked for format, original location, key fingerprint and signature (over the
 * documented string to sign); a linked digest that is absent is "not found", and the walk resumes at
 * the next older digest on disk. A digest without a previous link while older digests exist is a
 * gap, reported in AWS's words. Every log file a valid digest lists is hashed (SHA-256 of the
 * uncompressed content) and compared.
 *
 * <p>Beyond AWS: a digest whose signature does not match the {@code previousDigestSignature} the
 * next digest recorded is INVALID (the link is broken); a log file delivered in the hour of a valid
 * digest that does not list it is EXTRA (an inserted file; AWS only checks listed files); and
 * restarts recorded in {@code trailRestarts} are printed.
 */
public final class TrailValidator {
  private static final String[] REQUIRED = {
    "digestPublicKeyFingerprint", "digestS3Bucket", "digestS3Object", "previousDigestSignature", "digestEndTime",
    "digestStartTime"
  };

  private final TrailConfig config;
  private final S3Layout layout;
  private final PublicKey publicKey;
  private final String fingerprint;
  private final ObjectMapper mapper = CloudTrailJson.newMapper();

  public TrailValidator(TrailConfig config, PublicKey publicKey) {
    this.config = config;
    this.layout = new S3Layout(config);
    this.publicKey = publicKey;
    this.fingerprint = SigningKey.fingerprint(publicKey);
  }

  private static final class DigestFailure extends Exception {
    final FileStatus status;

    DigestFailure(FileStatus status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  public ValidationReport validate(Instant start, Instant end) throws IOException {
    if (start.isAfter(end)) {
      throw new IllegalArgumentException("Invalid time range specified: start-time must occur before end-time");
    }
    ValidationReport report = new ValidationReport(config.trailArn(), start, end);
    TreeMap<Instant, String> onDisk = listDigests(start, end.plus(Duration.ofHours(1)));
    List<Instant[]> validPeriods = new ArrayList<>();
    Set<String> listedLogFiles = new HashSet<>();

    var last = onDisk.lastEntry();
    String key = last == null ? null : last.getValue();
    Instant lastStart = last == null ? null : last.getKey();
    String expectedSignature = null; // what the newer digest says this one's signature is
    while (key != null && !start.isAfter(lastStart)) {
      Instant keyTime = layout.digestTime(key);
      String uri = layout.s3Uri(key);
      JsonNode digest;
      try {
        digest = loadAndVerify(key, expectedSignature);
      } catch (DigestFailure f) {
        addDigest(report, uri, f.status, f.getMessage());
        var older = onDisk.lowerEntry(keyTime);
        key = older == null ? null : older.getValue();
        expectedSignature = null;
        continue;
      }
      Instant digestStart = CloudTrailJson.parseTime(digest.get("digestStartTime").asText());
      Instant digestEnd = CloudTrailJson.parseTime(digest.get("digestEndTime").asText());
      lastStart = digestStart;
      if (report.foundEnd == null) {
        report.foundEnd = digestEnd.isBefore(end) ? digestEnd : end;
      }
      if (digestStart.isAfter(start)) {
        report.foundStart = digestStart;
      } else {
        report.foundStart = start;
      }
      addDigest(report, uri, FileStatus.VALID, "Digest file\t" + uri + "\tvalid");
      validPeriods.add(new Instant[] {digestStart, digestEnd});
      for (JsonNode restart : digest.path("trailRestarts")) {
        String line = "Trail restarted at " + restart.path("restartTime").asText() + " after a "
            + restart.path("previousShutdown").asText() + " shutdown: journal recovered "
            + restart.path("journalRecordsRecovered").asLong() + " records, truncated "
            + restart.path("journalBytesTruncated").asLong() + " torn bytes (recorded in " + uri + ")";
        if (!report.restarts.contains(line)) {
          report.restarts.add(line);
        }
      }
      for (JsonNode log : digest.path("logFiles")) {
        listedLogFiles.add(log.path("s3Object").asText());
        checkLogFile(report, log);
      }
      JsonNode previousObject = digest.get("previousDigestS3Object");
      if (previousObject == null || previousObject.isNull()) {
        var older = onDisk.lowerEntry(keyTime);
        if (older != null) {
          report.lines.add(new ValidationReport.Line("No log files were delivered by CloudTrail between "
              + CloudTrailJson.isoSeconds(older.getKey()) + " and " + CloudTrailJson.isoSeconds(digestStart), true));
        }
        key = older == null ? null : older.getValue();
        expectedSignature = null;
      } else {
        key = previousObject.asText();
        expectedSignature = digest.path("previousDigestSignature").asText(null);
      }
    }
    findExtraLogFiles(report, validPeriods, listedLogFiles);
    return report;
  }

  private void addDigest(ValidationReport report, String uri, FileStatus status, String message) {
    report.digests.add(new ValidationReport.FileResult("Digest file", uri, status, message));
    report.lines.add(new ValidationReport.Line(message, status != FileStatus.VALID));
  }

  private JsonNode loadAndVerify(String key, String expectedSignature) throws DigestFailure {
    String prefix = "Digest file\t" + layout.s3Uri(key) + "\tINVALID: ";
    byte[] inflated;
    JsonNode digest;
    try {
      inflated = DurableFiles.gunzip(Files.readAllBytes(layout.file(key)));
    } catch (NoSuchFileException e) {
      throw new DigestFailure(FileStatus.MISSING, prefix + "not found");
    } catch (IOException e) {
      throw new DigestFailure(FileStatus.INVALID, prefix + "invalid format");
    }
    try {
      digest = mapper.readTree(inflated);
    } catch (IOException e) {
      throw new DigestFailure(FileStatus.INVALID, prefix + "invalid format");
    }
    for (String field : REQUIRED) {
      if (digest == null || !digest.has(field)) {
        throw new DigestFailure(FileStatus.INVALID, prefix + "invalid format");
      }
    }
    if (!config.bucketName().equals(digest.get("digestS3Bucket").asText())
        || !key.equals(digest.get("digestS3Object").asText())) {
      throw new DigestFailure(FileStatus.INVALID, prefix + "has been moved from its original location");
    }
    String digestFingerprint = digest.get("digestPublicKeyFingerprint").asText();
    if (!fingerprint.equals(digestFingerprint)) {
      throw new DigestFailure(FileStatus.INVALID, prefix + "public key not found for fingerprint " + digestFingerprint);
    }
    String signature;
    try {
      JsonNode metadata = mapper.readTree(Files.readAllBytes(layout.signatureFile(key)));
      signature = metadata.path("signature").asText(null);
      if (signature == null || !SigningKey.ALGORITHM.equals(metadata.path("signature-algorithm").asText())) {
        throw new DigestFailure(FileStatus.INVALID, prefix + "signature verification failed");
      }
    } catch (IOException e) {
      throw new DigestFailure(FileStatus.INVALID, prefix + "signature verification failed");
    }
    JsonNode previous = digest.get("previousDigestSignature");
    String toSign = DigestWriter.stringToSign(digest.get("digestEndTime").asText(), digest.get("digestS3Bucket").asText(),
        key, Hashes.sha256Hex(inflated), previous == null || previous.isNull() ? null : previous.asText());
    if (!verify(toSign, signature)) {
      throw new DigestFailure(FileStatus.INVALID, prefix + "signature verification failed");
    }
    if (expectedSignature != null && !expectedSignature.equalsIgnoreCase(signature)) {
      throw new DigestFailure(FileStatus.INVALID, prefix + "signature does not match previousDigestSignature of the next digest");
    }
    return digest;
  }

  private boolean verify(String toSign, String signatureHex) {
    try {
      Signature s = Signature.getInstance(SigningKey.ALGORITHM);
      s.initVerify(publicKey);
      s.update(toSign.getBytes(StandardCharsets.UTF_8));
      return s.verify(HexFormat.of().parseHex(signatureHex));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private void checkLogFile(ValidationReport report, JsonNode log) {
    String bucket = log.path("s3Bucket").asText();
    String key = log.path("s3Object").asText();
    String uri = "s3://" + bucket + "/" + key;
    String prefix = "Log file\t" + uri + "\t";
    FileStatus status;
    String message;
    try {
      byte[] inflated = DurableFiles.gunzip(Files.readAllBytes(layout.file(key)));
      if (Hashes.sha256Hex(inflated).equalsIgnoreCase(log.path("hashValue").asText())) {
        status = FileStatus.VALID;
        message = prefix + "valid";
      } else {
        status = FileStatus.INVALID;
        message = prefix + "INVALID: hash value doesn't match";
      }
    } catch (NoSuchFileException e) {
      status = FileStatus.MISSING;
      message = prefix + "INVALID: not found";
    } catch (IOException e) {
      status = FileStatus.INVALID;
      message = prefix + "INVALID: invalid format";
    }
    report.logFiles.add(new ValidationReport.FileResult("Log file", uri, status, message));
    report.lines.add(new ValidationReport.Line(message, status != FileStatus.VALID));
  }

  /** Log files named into the hour of a valid digest that does not list them. */
  private void findExtraLogFiles(ValidationReport report, List<Instant[]> validPeriods, Set<String> listed)
      throws IOException {
    Path logRoot = layout.file(layout.logPrefix());
    if (!Files.isDirectory(logRoot)) {
      return;
    }
    List<String> keys = new ArrayList<>();
    try (var walk = Files.walk(logRoot)) {
      walk.filter(Files::isRegularFile).map(layout::keyOf).sorted().forEach(keys::add);
    }
    for (String key : keys) {
      if (listed.contains(key)) {
        continue;
      }
      Instant delivered = layout.logFileTime(key);
      boolean inValidHour = false;
      for (Instant[] p : validPeriods) {
        // A file whose name is not a log file's cannot be placed in an hour: any period will do.
        if (delivered == null || (!delivered.isBefore(p[0]) && delivered.isBefore(p[1]))) {
          inValidHour = true;
          break;
        }
      }
      if (inValidHour) {
        String uri = layout.s3Uri(key);
        String message = "Log file\t" + uri + "\tEXTRA: not listed in the digest for the hour it was delivered";
        report.logFiles.add(new ValidationReport.FileResult("Log file", uri, FileStatus.EXTRA, message));
        report.lines.add(new ValidationReport.Line(message, true));
      }
    }
  }

  private TreeMap<Instant, String> listDigests(Instant from, Instant to) throws IOException {
    TreeMap<Instant, String> digests = new TreeMap<>();
    Path dir = layout.file(layout.digestPrefix());
    if (!Files.isDirectory(dir)) {
      return digests;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String key = layout.keyOf(p);
        Instant t = layout.digestTime(key);
        if (t != null && !t.isBefore(from) && !t.isAfter(to)) {
          digests.put(t, key);
        }
      }
    }
    return digests;
  }
}
