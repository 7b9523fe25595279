package keywatch.trail.validate;

import static keywatch.trail.TrailFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import keywatch.trail.MutableClock;
import keywatch.trail.Trail;
import keywatch.trail.TrailConfig;
import keywatch.trail.TrailDirectory;
import keywatch.trail.TrailFixtures;
import keywatch.trail.delivery.DurableFiles;
import keywatch.trail.record.CloudTrailJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each tampering is reported the way {@code aws cloudtrail validate-logs} reports it. */
class TrailValidatorTest {
  @TempDir Path root;
  MutableClock clock;
  Instant end;

  /** Three hours of trail: two log files in the first hour, one in the second, none in the third. */
  @BeforeEach
  void writeTrail() throws Exception {
    clock = new MutableClock(T0);
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      trail.append(TrailFixtures.decrypt(clock.instant(), "a1"));
      clock.advance(Duration.ofMinutes(5));
      trail.flushLogFiles();
      trail.append(TrailFixtures.decrypt(clock.instant(), "a2", true));
      clock.advance(Duration.ofMinutes(5));
      trail.flushLogFiles();
      clock.advance(Duration.ofMinutes(60));
      trail.append(TrailFixtures.decrypt(clock.instant(), "b1"));
      trail.flushLogFiles();
      clock.advance(Duration.ofMinutes(120));
      trail.writeDigests();
    }
    end = clock.instant();
  }

  private ValidationReport validate() throws Exception {
    TrailConfig config = TrailDirectory.readConfig(root);
    return new TrailValidator(config, TrailDirectory.readPublicKey(root)).validate(T0, end);
  }

  private static String uri(Path root, Path file) {
    return "s3://keywatch-trail/" + root.relativize(file).toString().replace('\\', '/');
  }

  @Test
  void anUntouchedTrailValidates() throws Exception {
    ValidationReport report = validate();
    assertThat(report.allValid()).isTrue();
    assertThat(report.digests()).hasSize(3);
    assertThat(report.logFiles()).hasSize(3);
    String text = report.renderText(false);
    assertThat(text).contains("Validating log files for trail arn:aws:cloudtrail:ap-southeast-2:111122223333:trail/pattern1-trail between 2026-11-27T15:00:00Z and 2026-11-27T18:10:00Z");
    assertThat(text).contains("Results requested for 2026-11-27T15:00:00Z to 2026-11-27T18:10:00Z");
    assertThat(text).contains("Results found for 2026-11-27T15:00:00Z to 2026-11-27T18:00:00Z:");
    assertThat(text).contains("3/3 digest files valid");
    assertThat(text).contains("3/3 log files valid");
    assertThat(text).doesNotContain("INVALID");
    assertThat(report.renderText(true)).contains("\tvalid");
  }

  @Test
  void aChangedByteInALogFileIsAHashMismatch() throws Exception {
    Path file = TrailFixtures.logFiles(root).get(0);
    byte[] content = DurableFiles.gunzip(Files.readAllBytes(file));
    String text = new String(content, StandardCharsets.UTF_8);
    // Change one byte of the content: "a1" becomes "a9" (or "b1" becomes "b9"), re-gzipped so it still reads.
    int at = text.indexOf("\"requestID\":\"") + "\"requestID\":\"".length() + 1;
    content[at] = (byte) '9';
    Files.write(file, DurableFiles.gzip(content));

    ValidationReport report = validate();
    assertThat(report.statusOf(uri(root, file))).isEqualTo(FileStatus.INVALID);
    assertThat(report.renderText(false))
        .contains("Log file\t" + uri(root, file) + "\tINVALID: hash value doesn't match")
        .contains("3/3 digest files valid")
        .contains("2/3 log files valid, 1/3 log files INVALID");
  }

  @Test
  void aFlippedByteInTheCompressedFileIsReportedToo() throws Exception {
    Path file = TrailFixtures.logFiles(root).get(1);
    byte[] raw = Files.readAllBytes(file);
    raw[raw.length / 2] ^= 0x20;
    Files.write(file, raw);
    ValidationReport report = validate();
    assertThat(report.statusOf(uri(root, file))).isEqualTo(FileStatus.INVALID);
    assertThat(report.renderText(false)).containsPattern("Log file\t" + java.util.regex.Pattern.quote(uri(root, file))
        + "\tINVALID: (hash value doesn't match|invalid format)");
  }

  @Test
  void aDeletedLogFileIsNotFound() throws Exception {
    Path file = TrailFixtures.logFiles(root).get(2);
    Files.delete(file);
    ValidationReport report = validate();
    assertThat(report.statusOf(uri(root, file))).isEqualTo(FileStatus.MISSING);
    assertThat(report.renderText(false))
        .contains("Log file\t" + uri(root, file) + "\tINVALID: not found")
        .contains("2/3 log files valid, 1/3 log files INVALID");
  }

  @Test
  void anInsertedLogFileIsExtra() throws Exception {
    Path existing = TrailFixtures.logFiles(root).get(0);
    String name = existing.getFileName().toString();
    // Same hour, a plausible name, plausible content.
    Path forged = existing.resolveSibling(name.substring(0, name.lastIndexOf('_') + 1) + "FORGEDforgedABCD.json.gz");
    ObjectNode doc = CloudTrailJson.newMapper().createObjectNode();
    doc.putArray("Records").add(TrailFixtures.decrypt(T0.plusSeconds(5), "forged"));
    Files.write(forged, DurableFiles.gzip(CloudTrailJson.newMapper().writeValueAsBytes(doc)));

    ValidationReport report = validate();
    assertThat(report.statusOf(uri(root, forged))).isEqualTo(FileStatus.EXTRA);
    assertThat(report.renderText(false))
        .contains("Log file\t" + uri(root, forged) + "\tEXTRA: not listed in the digest for the hour it was delivered")
        .contains("3/3 digest files valid")
        .contains("3/4 log files valid, 1/4 log files INVALID");
  }

  @Test
  void aDeletedDigestIsNotFoundAndTheWalkContinuesPastIt() throws Exception {
    List<Path> digests = TrailFixtures.digestFiles(root);
    Path middle = digests.get(1);
    Files.delete(middle);
    Files.delete(Path.of(middle + ".sig.json"));

    ValidationReport report = validate();
    assertThat(report.statusOf(uri(root, middle))).isEqualTo(FileStatus.MISSING);
    assertThat(report.statusOf(uri(root, digests.get(0)))).isEqualTo(FileStatus.VALID);
    assertThat(report.statusOf(uri(root, digests.get(2)))).isEqualTo(FileStatus.VALID);
    assertThat(report.renderText(false))
        .contains("Digest file\t" + uri(root, middle) + "\tINVALID: not found")
        .contains("2/3 digest files valid, 1/3 digest files INVALID");
  }

  @Test
  void anEditedDigestFailsSignatureVerification() throws Exception {
    Path first = TrailFixtures.digestFiles(root).get(0);
    JsonNode digest = TrailFixtures.readGzipJson(first);
    // Drop a log file from the list: the classic way to hide a file.
    ((com.fasterxml.jackson.databind.node.ArrayNode) digest.get("logFiles")).remove(0);
    Files.write(first, DurableFiles.gzip(CloudTrailJson.newMapper().writeValueAsBytes(digest)));

    ValidationReport report = validate();
    assertThat(report.statusOf(uri(root, first))).isEqualTo(FileStatus.INVALID);
    assertThat(report.renderText(false))
        .contains("Digest file\t" + uri(root, first) + "\tINVALID: signature verification failed")
        .contains("2/3 digest files valid, 1/3 digest files INVALID");
  }

  @Test
  void aMovedDigestIsReportedAsMoved() throws Exception {
    List<Path> digests = TrailFixtures.digestFiles(root);
    Path last = digests.get(2);
    // Put the first digest in the last one's place.
    Files.copy(digests.get(0), last, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ValidationReport report = validate();
    assertThat(report.renderText(false))
        .contains("Digest file\t" + uri(root, last) + "\tINVALID: has been moved from its original location");
  }

  @Test
  void aDigestSignedWithAnotherKeyIsRejected() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    TrailConfig config = TrailDirectory.readConfig(root);
    ValidationReport report = new TrailValidator(config, g.generateKeyPair().getPublic()).validate(T0, end);
    assertThat(report.allValid()).isFalse();
    assertThat(report.renderText(false)).contains("INVALID: public key not found for fingerprint");
  }
}
