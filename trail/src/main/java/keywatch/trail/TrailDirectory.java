package keywatch.trail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import keywatch.trail.delivery.DurableFiles;
import keywatch.trail.digest.SigningKey;
import keywatch.trail.record.CloudTrailJson;

/**
 * A trail directory as tools see it offline: {@code trail.json} names the trail (so the validator
 * and lookup need only {@code --trail-dir}), {@code keys/digest-public-key.pem} holds the public key.
 */
public final class TrailDirectory {
  public static final String DESCRIPTOR = "trail.json";

  private TrailDirectory() {}

  static void writeDescriptor(TrailConfig config) throws IOException {
    ObjectMapper mapper = CloudTrailJson.newMapper();
    ObjectNode n = mapper.createObjectNode();
    n.put("trailARN", config.trailArn());
    n.put("accountId", config.accountId());
    n.put("region", config.region());
    n.put("trailName", config.trailName());
    n.put("s3BucketName", config.bucketName());
    n.put("logGroupName", config.logGroupName());
    n.put("fileIntervalSeconds", config.fileInterval().toSeconds());
    DurableFiles.writeSynced(config.rootDirectory().resolve(DESCRIPTOR),
        mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }

  /** The configuration a trail directory was written with. */
  public static TrailConfig readConfig(Path root) throws IOException {
    Path file = root.resolve(DESCRIPTOR);
    if (!Files.exists(file)) {
      throw new IOException("not a trail directory (no " + DESCRIPTOR + "): " + root);
    }
    JsonNode n = CloudTrailJson.newMapper().readTree(Files.readAllBytes(file));
    return new TrailConfig(root, n.path("accountId").asText(), n.path("region").asText(), n.path("trailName").asText(),
        n.path("s3BucketName").asText(), Duration.ofSeconds(Math.max(1, n.path("fileIntervalSeconds").asLong(300))),
        n.path("logGroupName").asText(null));
  }

  public static Path publicKeyFile(Path root) {
    return root.resolve("keys").resolve(SigningKey.PUBLIC_KEY_FILE);
  }

  public static PublicKey readPublicKey(Path root) throws IOException {
    return SigningKey.fromPem(Files.readString(publicKeyFile(root)));
  }
}
