package keywatch.server.config;

import java.nio.file.Path;
import java.util.Objects;
import keywatch.kms.key.AccountRegion;

/**
 * Everything the keywatch process needs to start. Defaults work on a fresh machine: loopback,
 * embedded H2 under the data directory, a root key created there at first start.
 *
 * @param port 0 asks the OS for a free port
 * @param databaseUrl null for the embedded H2 database under {@code dataDir}
 * @param rootKeyFile null for {@code <dataDir>/root.key}
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    Path rootKeyFile,
    AccountRegion accountRegion) {

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
  }

  /** Defaults, with the given data directory and an OS-chosen port: what tests start. */
  public static ServerConfig forTests(Path dataDir) {
    return new ServerConfig(DEFAULT_HOST, 0, dataDir, null, null, null, null,
        new AccountRegion(DEFAULT_ACCOUNT, DEFAULT_REGION));
  }

  public ServerConfig withDatabase(String url, String user, String password) {
    return new ServerConfig(host, port, dataDir, url, user, password, rootKeyFile, accountRegion);
  }

  public Path effectiveRootKeyFile() {
    return rootKeyFile != null ? rootKeyFile : dataDir.resolve("root.key");
  }
}
