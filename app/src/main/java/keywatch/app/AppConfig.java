package keywatch.app;

import java.net.URI;
import java.util.Objects;

/**
 * How the lab's workload runs: where it listens, which database it uses, and how it reaches KMS.
 * Pointing it at AWS KMS instead of keywatch is a configuration change only: leave
 * {@code kmsEndpoint} null and give real credentials and region.
 *
 * @param port 0 for an OS-chosen port
 * @param databaseUrl JDBC URL: H2 (embedded default), PostgreSQL or MariaDB
 * @param kmsEndpoint keywatch's endpoint, or null for AWS's regional endpoint
 * @param keyId the key Encrypt uses (id, ARN or alias)
 * @param roleArn the role the app assumes through STS for its KMS calls; null to use the source credentials directly
 * @param accessKeyId with {@code secretAccessKey}: the source credentials; both null for the SDK's default chain
 * @param envelope true to encrypt each record under its own data key (GenerateDataKey), as the lab recommends
 */
public record AppConfig(
    String host,
    int port,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    URI kmsEndpoint,
    String region,
    String keyId,
    String roleArn,
    String accessKeyId,
    String secretAccessKey,
    boolean envelope) {

  public AppConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(databaseUrl, "databaseUrl");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(keyId, "keyId");
  }

  @Override
  public String toString() {
    return "AppConfig[" + host + ":" + port + ", db " + databaseUrl + ", kms " + kmsEndpoint + ", key " + keyId
        + ", role " + roleArn + ", envelope " + envelope + "]";
  }
}
