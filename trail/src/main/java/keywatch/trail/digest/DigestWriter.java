package keywatch.trail.digest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import keywatch.trail.TrailConfig;
import keywatch.trail.delivery.DurableFiles;
import keywatch.trail.delivery.S3Layout;
import keywatch.trail.delivery.TrailState;
import keywatch.trail.record.CloudTrailJson;

/**
 * Writes the hourly digest files, as documented in "CloudTrail digest file structure", and signs
 * them as documented in "Custom implementations of CloudTrail log file integrity validation".
 *
 * <p>Each digest covers one hour {@code [digestStartTime, digestEndTime)} and lists every log file
 * delivered in it (possibly none: a digest is written for an empty hour too, so silence is
 * provable). It links to the previous digest by bucket, object, hash and signature; the first
 * digest of a trail has those fields null. The signature is SHA256withRSA, hex, over
 *
 * <pre>
 * digestEndTime + "\n" + digestS3Bucket + "/" + digestS3Object + "\n"
 *     + hex(SHA-256(uncompressed digest bytes)) + "\n" + (previousDigestSignature or "null")
 * </pre>
 *
 * and kept in the sidecar {@code <digest>.sig.json} as {@code {"signature", "signature-algorithm"}},
 * the S3 object metadata CloudTrail would set.
 *
 * <p>Restarts: keywatch adds one field AWS does not have, {@code "trailRestarts"}: every (re)open of
 * the trail after its first, with whether the previous run shut down cleanly and what journal
 * recovery found. A restart is listed in each digest written from the restart until one whose
 * period ends after it, so a crash shows up in the chain at the hour it happened, and the chain
 * itself continues unbroken from the last digest written before it. Validators that do not know the
 * field ignore it; its bytes are covered by the signature like the rest.
 */
public final class DigestWriter {
  public static final Duration PERIOD = Duration.ofHours(1);
  public static final String HASH_ALGORITHM = "SHA-256";

  private final TrailConfig config;
  private final S3Layout layout;
  private final SigningKey key;
  private final ObjectMapper mapper = CloudTrailJson.newMapper();

  public DigestWriter(TrailConfig config, S3Layout layout, SigningKey key) {
    this.config = config;
    this.layout = layout;
    this.key = key;
  }

  /** The string CloudTrail signs for a digest. */
  public static String stringToSign(String digestEndTime, String bucket, String object, String digestHashHex,
      String previousSignature) {
    return digestEndTime + "\n" + bucket + "/" + object + "\n" + digestHashHex + "\n"
        + (previousSignature == null ? "null" : previousSignature);
  }

  /** Writes every digest whose hour has ended by {@code now}; returns their keys. */
  public List<String> writeDue(TrailState state, Instant now) throws IOException {
    List<String> written = new ArrayList<>();
    while (!state.periodStart.plus(PERIOD).isAfter(now)) {
      written.add(writeOne(state, state.periodStart.plus(PERIOD)));
    }
    return written;
  }

  private String writeOne(TrailState state, Instant end) throws IOException {
    List<TrailState.LogFileEntry> files = new ArrayList<>();
    for (TrailState.LogFileEntry f : state.pendingLogFiles) {
      if (f.deliveredAt().isBefore(end)) {
        files.add(f);
      }
    }
    String digestKey = layout.digestKey(end);
    ObjectNode d = mapper.createObjectNode();
    d.put("awsAccountId", config.accountId());
    d.put("digestStartTime", CloudTrailJson.isoSeconds(state.periodStart));
    d.put("digestEndTime", CloudTrailJson.isoSeconds(end));
    d.put("digestS3Bucket", config.bucketName());
    d.put("digestS3Object", digestKey);
    d.put("digestPublicKeyFingerprint", key.fingerprint());
    d.put("digestSignatureAlgorithm", SigningKey.ALGORITHM);
    Instant newest = null;
    Instant oldest = null;
    for (TrailState.LogFileEntry f : files) {
      newest = newest == null || f.newestEventTime().isAfter(newest) ? f.newestEventTime() : newest;
      oldest = oldest == null || f.oldestEventTime().isBefore(oldest) ? f.oldestEventTime() : oldest;
    }
    putTimeOrNull(d, "newestEventTime", newest);
    putTimeOrNull(d, "oldestEventTime", oldest);
    TrailState.DigestLink previous = state.lastDigest;
    d.put("previousDigestS3Bucket", previous == null ? null : config.bucketName());
    d.put("previousDigestS3Object", previous == null ? null : previous.s3Object());
    d.put("previousDigestHashValue", previous == null ? null : previous.hashValue());
    d.put("previousDigestHashAlgorithm", previous == null ? null : HASH_ALGORITHM);
    d.put("previousDigestSignature", previous == null ? null : previous.signature());
    ArrayNode logFiles = d.putArray("logFiles");
    for (TrailState.LogFileEntry f : files) {
      ObjectNode o = logFiles.addObject();
      o.put("s3Bucket", config.bucketName());
      o.put("s3Object", f.s3Object());
      o.put("hashValue", f.hashValue());
      o.put("hashAlgorithm", HASH_ALGORITHM);
      o.put("newestEventTime", CloudTrailJson.isoSeconds(f.newestEventTime()));
      o.put("oldestEventTime", CloudTrailJson.isoSeconds(f.oldestEventTime()));
    }
    List<TrailState.Restart> restarts = new ArrayList<>(state.pendingRestarts);
    if (!restarts.isEmpty()) {
      ArrayNode r = d.putArray("trailRestarts");
      for (TrailState.Restart restart : restarts) {
        ObjectNode o = r.addObject();
        o.put("restartTime", CloudTrailJson.isoSeconds(restart.time()));
        o.put("previousShutdown", restart.cleanShutdown() ? "clean" : "crash");
        o.put("journalRecordsRecovered", restart.journalRecordsRecovered());
        o.put("journalBytesTruncated", restart.journalBytesTruncated());
      }
    }

    byte[] content = mapper.writeValueAsBytes(d);
    String hash = Hashes.sha256Hex(content);
    String signature = key.signHex(stringToSign(CloudTrailJson.isoSeconds(end), config.bucketName(), digestKey, hash,
        previous == null ? null : previous.signature()).getBytes(StandardCharsets.UTF_8));
    ObjectNode metadata = mapper.createObjectNode();
    metadata.put("signature", signature);
    metadata.put("signature-algorithm", SigningKey.ALGORITHM);

    String name = digestKey.substring(digestKey.lastIndexOf('/') + 1);
    String tmpDigest = "tmp/" + name;
    String tmpSignature = "tmp/" + name + S3Layout.SIGNATURE_SIDECAR_SUFFIX;
    DurableFiles.writeSynced(config.rootDirectory().resolve(tmpDigest), DurableFiles.gzip(content));
    DurableFiles.writeSynced(config.rootDirectory().resolve(tmpSignature),
        mapper.writerWithDefaultPrettyPrinter().writeValueAsString(metadata).getBytes(StandardCharsets.UTF_8));

    TrailState.Rename digestRename = new TrailState.Rename(tmpDigest, digestKey);
    TrailState.Rename signatureRename = new TrailState.Rename(tmpSignature, digestKey + S3Layout.SIGNATURE_SIDECAR_SUFFIX);
    state.commitChange(() -> {
      state.lastDigest = new TrailState.DigestLink(digestKey, hash, signature, end);
      state.periodStart = end;
      state.pendingLogFiles.removeAll(files);
      state.pendingRestarts.removeIf(r -> r.time().isBefore(end));
      state.pendingRenames.add(signatureRename);
      state.pendingRenames.add(digestRename);
    });
    DurableFiles.renameInto(config.rootDirectory().resolve(tmpSignature), layout.signatureFile(digestKey));
    DurableFiles.renameInto(config.rootDirectory().resolve(tmpDigest), layout.file(digestKey));
    state.pendingRenames.clear();
    return digestKey;
  }

  private static void putTimeOrNull(ObjectNode d, String field, Instant time) {
    if (time == null) {
      d.putNull(field);
    } else {
      d.put(field, CloudTrailJson.isoSeconds(time));
    }
  }
}
