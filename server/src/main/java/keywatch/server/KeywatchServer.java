package keywatch.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import keywatch.iam.admin.IamProtocol;
import keywatch.iam.authn.Authenticator;
import keywatch.iam.authz.Authorizer;
import keywatch.iam.principal.AccessKey;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.SecretWrapping;
import keywatch.iam.sigv4.SigV4Verifier;
import keywatch.iam.sts.StsProtocol;
import keywatch.kms.access.AccessGate;
import keywatch.kms.access.IamAccessPolicy;
import keywatch.kms.audit.ServiceEvents;
import keywatch.kms.audit.TrailAuditor;
import keywatch.kms.crypto.RootKey;
import keywatch.kms.operation.OperationContext;
import keywatch.kms.operation.Operations;
import keywatch.kms.protocol.CallAudit;
import keywatch.kms.protocol.ServiceEventAudit;
import keywatch.kms.protocol.KmsProtocol;
import keywatch.kms.store.Database;
import keywatch.kms.store.JdbcKeyRepository;
import keywatch.kms.store.KeyStore;
import keywatch.server.admin.AdminApi;
import keywatch.server.audit.AdminAudit;
import keywatch.server.config.IdentityFile;
import keywatch.server.audit.IamAudit;
import keywatch.server.audit.StsAudit;
import keywatch.server.config.LabProfile;
import keywatch.server.config.ServerConfig;
import keywatch.server.config.TrailSettings;
import keywatch.server.http.AwsErrorHandler;
import keywatch.server.http.EndpointHandler;
import keywatch.server.notify.Actions;
import keywatch.server.notify.NotificationRecords;
import keywatch.trail.Trail;
import keywatch.trail.TrailConfig;
import keywatch.trail.record.CloudTrailRecord;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keywatch process: wires the modules together by constructor and serves them over HTTP.
 * Start one with {@link #start}, which returns once the port is bound; {@link #close} stops it.
 * Tests start it exactly as users do, on an OS-chosen port.
 *
 * <p>The trail is opened before anything is served: every KMS, STS and IAM call is recorded in it or
 * refused. The trail's own single scheduled thread turns the journal into log files (and log group
 * lines) every file interval and writes the hourly digests; tests call {@link Trail#flushLogFiles()}
 * and {@link Trail#writeDigests()} on {@link #trail()} instead of waiting. Closing the server
 * delivers what the journal holds and releases the trail directory.
 */
public final class KeywatchServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KeywatchServer.class);

  /** The administrator credentials created at this start, if the account had none; else empty. */
  public record CreatedAdminKey(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "CreatedAdminKey[" + accessKeyId + "]";
    }
  }

  private final ServerConfig config;
  private final Database database;
  private final OperationContext kms;
  private final IdentityStore identities;
  private final Server http;
  private final CreatedAdminKey createdAdminKey;
  private Actions actions;
  private final Trail trail;

  private KeywatchServer(ServerConfig config, Database database, OperationContext kms, IdentityStore identities,
      Server http, CreatedAdminKey createdAdminKey, Trail trail) {
    this.config = config;
    this.database = database;
    this.kms = kms;
    this.identities = identities;
    this.http = http;
    this.createdAdminKey = createdAdminKey;
    this.trail = trail;
  }

  /** Starts keywatch with one clock for everything: what production does. */
  public static KeywatchServer start(ServerConfig config, Clock clock) throws Exception {
    return start(config, clock, Clock.systemUTC());
  }

  /**
   * Starts keywatch with {@code clock} for its own time (key deletion windows, rotation, session
   * expiry) and {@code wireClock} for what happens in the real world: the freshness of request
   * signatures, which clients make with their real clocks, and the trail (event times, log file
   * names, digest hours). Tests move {@code clock} by hand, years at a time, and keep the wall
   * clock for the wire and the trail.
   */
  public static KeywatchServer start(ServerConfig config, Clock clock, Clock wireClock) throws Exception {
    return start(config, clock, wireClock, System.getenv());
  }

  /**
   * As above, with the environment the alarm actions read their settings from (KEYWATCH_SMTP_*,
   * KEYWATCH_LAB_EMAIL, KEYWATCH_RESPONSES_FILE; see docs/actions.md); tests pass their own.
   */
  public static KeywatchServer start(ServerConfig config, Clock clock, Clock wireClock, java.util.Map<String, String> env)
      throws Exception {
    Files.createDirectories(config.dataDir());
    SecureRandom random = new SecureRandom();
    RootKey rootKey = RootKey.loadOrCreate(config.effectiveRootKeyFile(), random);
    Database database = config.databaseUrl() == null
        ? Database.open(Database.embeddedUrl(config.dataDir()), "sa", "")
        : Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword());
    Trail trail = null;
    try {
      TrailSettings trailSettings = config.trail();
      if (trailSettings.unsafeNoTrail()) {
        log.warn("UNSAFE: --unsafe-no-trail: no call is recorded; for benchmarking only");
      } else {
        trail = Trail.open(TrailConfig.of(config.effectiveTrailDir(), config.accountRegion().accountId(),
                config.accountRegion().region(), TrailSettings.TRAIL_NAME)
            .withFileInterval(trailSettings.fileInterval())
            .withLogGroupName(trailSettings.logGroupName()), wireClock);
      }
      SecretWrapping wrapping = new SecretWrapping() {
        @Override
        public byte[] wrap(byte[] secret, String purpose) {
          return rootKey.wrapSecret(secret, purpose);
        }

        @Override
        public byte[] unwrap(byte[] wrapped, String purpose) {
          return rootKey.unwrapSecret(wrapped, purpose);
        }
      };
      Ids ids = new Ids(random);
      IdentityStore identities = new IdentityStore(database.dataSource(), wrapping);
      String account = config.accountRegion().accountId();
      CreatedAdminKey created = bootstrapAdminKey(identities, config, ids, clock);
      if (config.identityFile() != null) {
        IdentityFile.load(config.identityFile()).apply(identities, account, ids, clock);
      }
      Authorizer authorizer = new Authorizer(identities, clock);

      KeyStore store = new KeyStore(new JdbcKeyRepository(database.dataSource(), rootKey, config.accountRegion()));
      // Deletions and rotations that fall due are recorded as AWS's service events, before they are written.
      ServiceEventAudit serviceEvents = trail == null ? ServiceEventAudit.NONE
          : new ServiceEvents(trail::append, config.accountRegion(), wireClock);
      OperationContext kms = OperationContext.create(config.accountRegion(), store, clock, random, serviceEvents);
      CallAudit audit = trail == null ? CallAudit.NONE
          : new TrailAuditor(asyncSink(trail), config.accountRegion(), store, wireClock);
      KmsProtocol kmsProtocol = new KmsProtocol(Operations.all(kms),
          new AccessGate(kms.keys(), new IamAccessPolicy(authorizer), account), store, audit);
      StsAudit stsAudit = trail == null ? null : new StsAudit(trail::append, config.accountRegion().region(), wireClock);
      IamAudit iamAudit = trail == null ? null : new IamAudit(trail::append, wireClock);
      IamProtocol iam = new IamProtocol(identities, authorizer, ids, clock);
      StsProtocol sts = new StsProtocol(identities, authorizer, ids, clock);
      Authenticator authenticator = new Authenticator(identities, new SigV4Verifier(wireClock), clock);

      QueuedThreadPool threads = new QueuedThreadPool(200, 8);
      threads.setName("keywatch-http");
      Server http = new Server(threads);
      HttpConfiguration httpConfig = new HttpConfiguration();
      httpConfig.setSendServerVersion(false);
      ServerConnector connector = new ServerConnector(http, new HttpConnectionFactory(httpConfig));
      connector.setHost(config.host());
      connector.setPort(config.port());
      http.addConnector(connector);
      // Alarm actions (issue 6): topics and deliveries, the SNS link routes (outside the KMS/STS
      // dispatch), and the responder acting as the keywatch-responder role. SMTP from KEYWATCH_SMTP_*.
      String[] endpointUrl = new String[1];
      Actions actions = Actions.start(
          Actions.Settings.fromEnvironment(env, config.dataDir(), account, config.accountRegion().region()),
          () -> endpointUrl[0], identities, kmsProtocol,
          (params, caller, ip, userAgent) -> IamAudit.handle(iamAudit, iam, params, caller, null, ip, userAgent,
              config.accountRegion().region()),
          database.dataSource(), clock, null, null, null, ids.roleId());
      // keywatch's admin API (keywatch respond / notify status against this process), before KMS/STS/IAM.
      AdminApi admin = AdminApi.forActions(actions, authenticator, authorizer,
          trail == null ? null : new AdminAudit(trail::append, config.accountRegion().region(), wireClock));
      http.setHandler(new Handler.Sequence(actions.routes(), admin,
          new EndpointHandler(kmsProtocol, sts, authenticator, config.accountRegion().region(), iam, stsAudit, iamAudit)));
      http.setErrorHandler(new AwsErrorHandler());
      http.setStopTimeout(2000);
      http.start();
      KeywatchServer server = new KeywatchServer(config, database, kms, identities, http, created, trail);
      server.actions = actions;
      endpointUrl[0] = server.endpoint();
      if (trail != null) {
        // Every notification sent is itself recorded, naming the alarm that caused it.
        Trail t = trail;
        actions.alarmActions().onPublished((change, notification) -> t.append(NotificationRecords.publish(change, notification)));
      }
      actions.subscribeLab();
      return server;
    } catch (Exception | Error e) {
      if (trail != null) {
        trail.close();
      }
      database.close();
      throw e;
    }
  }

  /** KMS calls' records: appended synchronously inside the key store's lock, asynchronously otherwise. */
  private static TrailAuditor.RecordSink asyncSink(Trail trail) {
    return new TrailAuditor.RecordSink() {
      @Override
      public void append(ObjectNode record) {
        trail.append(record);
      }

      @Override
      public CompletableFuture<Void> appendAsync(CloudTrailRecord.Builder record) {
        return trail.appendAsync(record.toJsonBytes());
      }
    };
  }

  /** The trail, for in-process subscribers (the monitor); empty only with the unsafe no-trail switch. */
  public Optional<Trail> trail() {
    return Optional.ofNullable(trail);
  }

  /** On first start the account root gets an access key: the configured one, or a random one. */
  private static CreatedAdminKey bootstrapAdminKey(IdentityStore identities, ServerConfig config, Ids ids, Clock clock) {
    String account = config.accountRegion().accountId();
    if (!identities.accessKeysOf(account, null).isEmpty()) {
      return null;
    }
    String id = config.adminAccessKeyId() != null ? config.adminAccessKeyId() : ids.accessKeyId();
    String secret = config.adminSecretAccessKey() != null ? config.adminSecretAccessKey() : ids.secretAccessKey();
    identities.putAccessKey(new AccessKey(id, account, null, true, clock.instant(), secret));
    return new CreatedAdminKey(id, secret);
  }

  /** The admin key this start created (first start only). */
  public Optional<CreatedAdminKey> createdAdminKey() {
    return Optional.ofNullable(createdAdminKey);
  }

  /** Topics, outbox, responder: what alarms act through. */
  public Actions actions() {
    return actions;
  }

  public IdentityStore identities() {
    return identities;
  }

  /** Ensures the lab profile's key and role ({@code serve --profile lab}); idempotent. */
  public LabProfile.Applied applyLabProfile() throws IOException {
    return LabProfile.apply(kms, identities, kms.clock());
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
    identities.purgeSessions(kms.clock().instant());
  }

  /** Stops serving, then delivers what the journal holds and closes the trail, then the database. */
  @Override
  public void close() throws IOException {
    try {
      try {
        http.stop();
      } finally {
        actions.close();
      }
    } catch (Exception e) {
      // Graceful stop waits up to its timeout for requests in flight; one that outlives it is cut
      // off. Every answered call is already in the trail, so this loses nothing: say so and go on
      // closing the trail and the database rather than fail the shutdown.
      log.warn("HTTP server did not stop gracefully within its timeout: {}", e.toString());
    } finally {
      try {
        if (trail != null) {
          trail.close();
        }
      } finally {
        database.close();
      }
    }
  }
}
