package keywatch.server.config;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import keywatch.iam.principal.Ids;
import keywatch.kms.key.AccountRegion;

/**
 * Everything the keywatch process needs to start. Defaults work on a fresh machine: loopback,
 * embedded H2 under the data directory, a root key created there at first start, and an
 * administrator access key created at first start (the one given here, or a random one).
 *
 * @param port 0 asks the OS for a free port
 * @param databaseUrl null for the embedded H2 database under {@code dataDir}
 * @param rootKeyFile null for {@code <dataDir>/root.key}
 * @param adminAccessKeyId with {@code adminSecretAccessKey}: the account root's access key to
 *     create if the account has none yet; both null for a random one, printed once
 * @param identityFile a YAML file declaring users, roles and their policies; null for none
 * @param trail where the trail lives and how it delivers; null for {@link TrailSettings#DEFAULTS}
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    Path rootKeyFile,
    AccountRegion accountRegion,
    String adminAccessKeyId,
    String adminSecretAccessKey,
    Path identityFile,
    TrailSettings trail) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 4599;
  public static final String DEFAULT_ACCOUNT = "111122223333";
  public static final String DEFAULT_REGION = "us-east-1";

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(accountRegion, "accountRegion");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    if ((adminAccessKeyId == null) != (adminSecretAccessKey == null)) {
      throw new IllegalArgumentException("give both the admin access key id and its secret, or neither");
    }
    trail = trail == null ? TrailSettings.DEFAULTS : trail;
  }

  /** With the default trail under {@code <dataDir>/trail}. */
  public ServerConfig(String host, int port, Path dataDir, String databaseUrl, String databaseUser,
      String databasePassword, Path rootKeyFile, AccountRegion accountRegion, String adminAccessKeyId,
      String adminSecretAccessKey, Path identityFile) {
    this(host, port, dataDir, databaseUrl, databaseUser, databasePassword, rootKeyFile, accountRegion,
        adminAccessKeyId, adminSecretAccessKey, identityFile, null);
  }

  public ServerConfig withTrail(TrailSettings settings) {
    return new ServerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, rootKeyFile,
        accountRegion, adminAccessKeyId, adminSecretAccessKey, identityFile, settings);
  }

  /** The trail's root directory. */
  public Path effectiveTrailDir() {
    return trail.directoryUnder(dataDir);
  }

  /** Defaults with the given data directory, an OS-chosen port and fresh admin credentials: what tests start. */
  public static ServerConfig forTests(Path dataDir) {
    Ids ids = new Ids(new SecureRandom());
    return new ServerConfig(DEFAULT_HOST, 0, dataDir, null, null, null, null,
        new AccountRegion(DEFAULT_ACCOUNT, DEFAULT_REGION), ids.accessKeyId(), ids.secretAccessKey(), null);
  }

  public ServerConfig withDatabase(String url, String user, String password) {
    return new ServerConfig(host, port, dataDir, url, user, password, rootKeyFile, accountRegion,
        adminAccessKeyId, adminSecretAccessKey, identityFile, trail);
  }

  public ServerConfig withIdentityFile(Path file) {
    return new ServerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, rootKeyFile,
        accountRegion, adminAccessKeyId, adminSecretAccessKey, file, trail);
  }

  public Path effectiveRootKeyFile() {
    return rootKeyFile != null ? rootKeyFile : dataDir.resolve("root.key");
  }
}
