package keywatch.server.sdk;

import java.net.URI;
import java.nio.file.Path;
import keywatch.server.KeywatchServer;
import keywatch.server.config.ServerConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A keywatch server on an OS-chosen port with a {@link MutableClock}, and the real AWS SDK
 * {@link KmsClient} pointed at it, exactly as a user would configure it (endpoint override,
 * region, static credentials). {@link #restart} stops the server and starts a new one on the same
 * configuration (same data directory or database, same root key, same clock), as a process
 * restart would. Closing stops both.
 */
public final class KeywatchHarness implements AutoCloseable {
  public static final String ACCOUNT = ServerConfig.DEFAULT_ACCOUNT;
  public static final String ARN_PREFIX = "arn:aws:kms:us-east-1:" + ACCOUNT + ":";

  private final ServerConfig config;
  private final MutableClock clock;
  private KeywatchServer server;
  private KmsClient kms;

  private KeywatchHarness(ServerConfig config, MutableClock clock) throws Exception {
    this.config = config;
    this.clock = clock;
    open();
  }

  /** A server on embedded H2 under {@code dataDir}. */
  public static KeywatchHarness start(Path dataDir) throws Exception {
    return start(ServerConfig.forTests(dataDir), new MutableClock());
  }

  public static KeywatchHarness start(ServerConfig config, MutableClock clock) throws Exception {
    return new KeywatchHarness(config, clock);
  }

  public KmsClient kms() {
    return kms;
  }

  public MutableClock clock() {
    return clock;
  }

  public KeywatchServer server() {
    return server;
  }

  public ServerConfig config() {
    return config;
  }

  /** Stops the server and starts a new one on the same configuration; the client is rebuilt. */
  public void restart() throws Exception {
    shutdown();
    open();
  }

  /** Stops the server (and client) without starting a new one; {@link #close} is then a no-op. */
  public void shutdown() throws Exception {
    try {
      if (kms != null) {
        kms.close();
      }
    } finally {
      kms = null;
      if (server != null) {
        KeywatchServer s = server;
        server = null;
        s.close();
      }
    }
  }

  private void open() throws Exception {
    server = KeywatchServer.start(config, clock);
    kms = client(server.endpoint(), config.adminAccessKeyId(), config.adminSecretAccessKey());
  }

  /**
   * An SDK client for {@code endpoint}, signing with the given access key (the harness uses the
   * account root's, created at first start); no retries, so every failure shows on the first call.
   */
  public static KmsClient client(String endpoint, String accessKeyId, String secretAccessKey) {
    RetryStrategy noRetries = DefaultRetryStrategy.doNotRetry();
    return KmsClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
        .httpClientBuilder(ApacheHttpClient.builder())
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(noRetries).build())
        .build();
  }

  public static String keyArn(String keyId) {
    return ARN_PREFIX + "key/" + keyId;
  }

  public static String aliasArn(String aliasName) {
    return ARN_PREFIX + aliasName;
  }

  @Override
  public void close() throws Exception {
    shutdown();
  }
}
