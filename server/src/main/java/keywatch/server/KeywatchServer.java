package keywatch.server;

import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import keywatch.kms.crypto.RootKey;
import keywatch.kms.operation.OperationContext;
import keywatch.kms.operation.Operations;
import keywatch.kms.protocol.KmsProtocol;
import keywatch.kms.store.Database;
import keywatch.kms.store.JdbcKeyRepository;
import keywatch.kms.store.KeyStore;
import keywatch.server.config.ServerConfig;
import keywatch.server.http.AwsErrorHandler;
import keywatch.server.http.KmsHttpHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The keywatch process: wires the modules together by constructor and serves them over HTTP.
 * Start one with {@link #start}, which returns once the port is bound; {@link #close} stops it.
 * Tests start it exactly as users do, on an OS-chosen port.
 */
public final class KeywatchServer implements AutoCloseable {
  private final ServerConfig config;
  private final Database database;
  private final OperationContext kms;
  private final Server http;

  private KeywatchServer(ServerConfig config, Database database, OperationContext kms, Server http) {
    this.config = config;
    this.database = database;
    this.kms = kms;
    this.http = http;
  }

  public static KeywatchServer start(ServerConfig config, Clock clock) throws Exception {
    Files.createDirectories(config.dataDir());
    SecureRandom random = new SecureRandom();
    RootKey rootKey = RootKey.loadOrCreate(config.effectiveRootKeyFile(), random);
    Database database = config.databaseUrl() == null
        ? Database.open(Database.embeddedUrl(config.dataDir()), "sa", "")
        : Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword());
    try {
      KeyStore store = new KeyStore(new JdbcKeyRepository(database.dataSource(), rootKey, config.accountRegion()));
      OperationContext kms = OperationContext.create(config.accountRegion(), store, clock, random);
      KmsProtocol protocol = new KmsProtocol(Operations.all(kms));

      QueuedThreadPool threads = new QueuedThreadPool(200, 8);
      threads.setName("keywatch-http");
      Server http = new Server(threads);
      HttpConfiguration httpConfig = new HttpConfiguration();
      httpConfig.setSendServerVersion(false);
      httpConfig.setSendDateHeader(true);
      ServerConnector connector = new ServerConnector(http, new HttpConnectionFactory(httpConfig));
      connector.setHost(config.host());
      connector.setPort(config.port());
      http.addConnector(connector);
      http.setHandler(new KmsHttpHandler(protocol));
      http.setErrorHandler(new AwsErrorHandler());
      http.setStopTimeout(2000);
      http.start();
      return new KeywatchServer(config, database, kms, http);
    } catch (Exception | Error e) {
      database.close();
      throw e;
    }
  }

  /** The port actually bound (the OS's choice when the configuration said 0). */
  public int port() {
    return ((ServerConnector) http.getConnectors()[0]).getLocalPort();
  }

  /** {@code http://host:port}, the value for {@code AWS_ENDPOINT_URL}. */
  public String endpoint() {
    return "http://" + config.host() + ":" + port();
  }

  public ServerConfig config() {
    return config;
  }

  /** Applies due key deletions and rotations; the serve command runs it periodically. */
  public void sweep() {
    kms.keys().sweep();
  }

  @Override
  public void close() throws IOException {
    try {
      http.stop();
    } catch (Exception e) {
      throw new IOException("HTTP server did not stop cleanly", e);
    } finally {
      database.close();
    }
  }
}
