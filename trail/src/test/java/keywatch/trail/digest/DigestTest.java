package keywatch.trail.digest;

import static keywatch.trail.TrailFixtures.ACCOUNT;
import static keywatch.trail.TrailFixtures.REGION;
import static keywatch.trail.TrailFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import keywatch.trail.MutableClock;
import keywatch.trail.Trail;
import keywatch.trail.TrailFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Digest files against "CloudTrail digest file structure" and their signatures against "Custom
 * implementations of CloudTrail log file integrity validation" (AWS CloudTrail User Guide). The
 * verification here is written from that page alone and shares no code with the writer.
 */
class DigestTest {
  @TempDir Path root;

  private static byte[] gunzip(Path file) throws Exception {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
      return in.readAllBytes();
    }
  }

  /** Plain RSA/SHA-256 verification, step by step from the documentation. */
  private static boolean verifyAsDocumented(Path digestFile, PublicKey key) throws Exception {
    byte[] inflated = gunzip(digestFile);
    JsonNode digest = new ObjectMapper().readTree(inflated);
    JsonNode metadata = new ObjectMapper().readTree(Files.readAllBytes(Path.of(digestFile + ".sig.json")));
    String previous = digest.get("previousDigestSignature").isNull() ? "null" : digest.get("previousDigestSignature").asText();
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(inflated));
    String toSign = digest.get("digestEndTime").asText() + "\n"
        + digest.get("digestS3Bucket").asText() + "/" + digest.get("digestS3Object").asText() + "\n"
        + hash + "\n"
        + previous;
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(key);
    rsa.update(toSign.getBytes(StandardCharsets.UTF_8));
    return rsa.verify(HexFormat.of().parseHex(metadata.get("signature").asText()));
  }

  private static PublicKey pemKey(Path pem) throws Exception {
    String b64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
  }

  @Test
  void digestHasTheDocumentedFieldsAndTypesAndAnIndependentlyVerifiableSignature() throws Exception {
    MutableClock clock = new MutableClock(T0.plusSeconds(31));
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      trail.append(TrailFixtures.decrypt(T0.plusSeconds(40), "r1"));
      trail.append(TrailFixtures.decrypt(T0.plusSeconds(50), "r2"));
      clock.advance(Duration.ofMinutes(5));
      trail.flushLogFiles();
      clock.advance(Duration.ofMinutes(55));
      trail.writeDigests();

      List<Path> digests = TrailFixtures.digestFiles(root);
      assertThat(digests).hasSize(1);
      String key = root.relativize(digests.get(0)).toString().replace('\\', '/');
      assertThat(key).isEqualTo("AWSLogs/" + ACCOUNT + "/CloudTrail-Digest/" + REGION + "/2026/11/27/" + ACCOUNT
          + "_CloudTrail-Digest_" + REGION + "_pattern1-trail_" + REGION + "_20261127T160000Z.json.gz");

      JsonNode d = TrailFixtures.readGzipJson(digests.get(0));
      assertThat(d.fieldNames()).toIterable().containsExactly("awsAccountId", "digestStartTime", "digestEndTime",
          "digestS3Bucket", "digestS3Object", "digestPublicKeyFingerprint", "digestSignatureAlgorithm",
          "newestEventTime", "oldestEventTime", "previousDigestS3Bucket", "previousDigestS3Object",
          "previousDigestHashValue", "previousDigestHashAlgorithm", "previousDigestSignature", "logFiles");
      assertThat(d.get("awsAccountId").asText()).isEqualTo(ACCOUNT);
      assertThat(d.get("digestStartTime").asText()).isEqualTo("2026-11-27T15:00:00Z");
      assertThat(d.get("digestEndTime").asText()).isEqualTo("2026-11-27T16:00:00Z");
      assertThat(d.get("digestS3Bucket").asText()).isEqualTo("keywatch-trail");
      assertThat(d.get("digestS3Object").asText()).isEqualTo(key);
      assertThat(d.get("digestPublicKeyFingerprint").asText()).matches("[0-9a-f]{32}").isEqualTo(trail.publicKeyFingerprint());
      assertThat(d.get("digestSignatureAlgorithm").asText()).isEqualTo("SHA256withRSA");
      // The oldest record is the trail's own CreateTrail/StartLogging, written when it opened.
      assertThat(d.get("oldestEventTime").asText()).isEqualTo("2026-11-27T15:00:31Z");
      assertThat(d.get("newestEventTime").asText()).isEqualTo("2026-11-27T15:00:50Z");
      // The first digest of a trail has no predecessor.
      assertThat(d.get("previousDigestS3Bucket").isNull()).isTrue();
      assertThat(d.get("previousDigestSignature").isNull()).isTrue();
      assertThat(d.get("logFiles").isArray()).isTrue();
      assertThat(d.get("logFiles")).hasSize(1);
      JsonNode log = d.get("logFiles").get(0);
      assertThat(log.fieldNames()).toIterable().containsExactly("s3Bucket", "s3Object", "hashValue", "hashAlgorithm",
          "newestEventTime", "oldestEventTime");
      assertThat(log.get("hashAlgorithm").asText()).isEqualTo("SHA-256");
      Path logFile = root.resolve(log.get("s3Object").asText());
      assertThat(log.get("hashValue").asText())
          .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gunzip(logFile))));

      JsonNode metadata = new ObjectMapper().readTree(Files.readAllBytes(Path.of(digests.get(0) + ".sig.json")));
      assertThat(metadata.get("signature").asText()).matches("[0-9a-f]{512}"); // RSA-2048
      assertThat(metadata.get("signature-algorithm").asText()).isEqualTo("SHA256withRSA");

      PublicKey exported = pemKey(root.resolve("keys/digest-public-key.pem"));
      assertThat(exported).isEqualTo(trail.publicKey());
      assertThat(verifyAsDocumented(digests.get(0), exported)).isTrue();
    }
  }

  @Test
  void digestsChainThroughPreviousDigestSignatureAndEmptyHoursGetDigestsToo() throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      trail.append(TrailFixtures.decrypt(T0, "r1"));
      trail.flushLogFiles();
      clock.advance(Duration.ofHours(3)); // two hours with no activity
      trail.writeDigests();
    }
    List<Path> digests = TrailFixtures.digestFiles(root);
    assertThat(digests).hasSize(3);
    PublicKey key = pemKey(root.resolve("keys/digest-public-key.pem"));
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < digests.size(); i++) {
      assertThat(verifyAsDocumented(digests.get(i), key)).as("digest %d signature", i).isTrue();
      JsonNode d = TrailFixtures.readGzipJson(digests.get(i));
      if (i == 0) {
        assertThat(d.get("logFiles")).hasSize(1);
        continue;
      }
      // An hour with no files: a digest all the same, with an empty list and null event times.
      assertThat(d.get("logFiles")).isEmpty();
      assertThat(d.get("newestEventTime").isNull()).isTrue();
      Path previous = digests.get(i - 1);
      JsonNode previousMetadata = mapper.readTree(Files.readAllBytes(Path.of(previous + ".sig.json")));
      assertThat(d.get("previousDigestS3Object").asText()).isEqualTo(root.relativize(previous).toString().replace('\\', '/'));
      assertThat(d.get("previousDigestSignature").asText()).isEqualTo(previousMetadata.get("signature").asText());
      assertThat(d.get("previousDigestHashValue").asText())
          .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gunzip(previous))));
      assertThat(d.get("previousDigestHashAlgorithm").asText()).isEqualTo("SHA-256");
      assertThat(d.get("digestStartTime").asText())
          .isEqualTo(TrailFixtures.readGzipJson(previous).get("digestEndTime").asText());
    }
  }

  @Test
  void theSigningKeyIsOwnerOnlyAndSurvivesReopen() throws Exception {
    MutableClock clock = new MutableClock(T0);
    String fingerprint;
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      fingerprint = trail.publicKeyFingerprint();
    }
    Path privateKey = root.resolve("keys/digest-signing-key.pk8");
    assertThat(Files.getPosixFilePermissions(privateKey))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    try (Trail trail = Trail.open(TrailFixtures.config(root), clock)) {
      assertThat(trail.publicKeyFingerprint()).isEqualTo(fingerprint);
    }
  }
}
