package keywatch.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import keywatch.kms.key.AccountRegion;
import keywatch.server.KeywatchServer;
import keywatch.server.config.LabProfile;
import keywatch.server.config.ServerConfig;
import keywatch.server.config.TrailSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keywatch serve}: runs the KMS endpoint until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start keywatch's KMS endpoint (AWS JSON 1.1, the AWS SDKs and CLI work against it unchanged).",
      "Defaults need no setup: loopback only, keys in an embedded H2 database under --data-dir,",
      "wrapped under a root key created there at first start (owner-only permissions).",
      "At first start the account root gets an access key, printed once (or set it with",
      "KEYWATCH_ADMIN_ACCESS_KEY_ID and KEYWATCH_ADMIN_SECRET_ACCESS_KEY). Every request must be SigV4-signed."
    },
    footer = {
      "",
      "Then, in another shell:",
      "  export AWS_ENDPOINT_URL=http://127.0.0.1:4599 AWS_DEFAULT_REGION=us-east-1",
      "  export AWS_ACCESS_KEY_ID=<printed at first start> AWS_SECRET_ACCESS_KEY=<printed at first start>",
      "  aws --endpoint-url http://127.0.0.1:4599 kms create-key --description demo",
    })
public final class ServeCommand implements Runnable {
  @Option(names = "--host", defaultValue = "${env:KEYWATCH_HOST:-127.0.0.1}",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; loopback only).")
  String host;

  @Option(names = "--port", defaultValue = "${env:KEYWATCH_PORT:-4599}",
      description = "Port to listen on; 0 lets the OS choose (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", defaultValue = "${env:KEYWATCH_DATA_DIR:-keywatch-data}",
      description = "Directory for the embedded database and the root key (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--database-url", defaultValue = "${env:KEYWATCH_DATABASE_URL}",
      description = "JDBC URL of the key store, e.g. jdbc:postgresql://127.0.0.1:5432/keywatch (default: embedded H2 under --data-dir).")
  String databaseUrl;

  @Option(names = "--database-user", defaultValue = "${env:KEYWATCH_DATABASE_USER}", description = "Database user.")
  String databaseUser;

  @Option(names = "--database-password", defaultValue = "${env:KEYWATCH_DATABASE_PASSWORD}",
      description = "Database password (prefer the KEYWATCH_DATABASE_PASSWORD environment variable).")
  String databasePassword;

  @Option(names = "--root-key-file", defaultValue = "${env:KEYWATCH_ROOT_KEY_FILE}",
      description = "File holding the 32-byte root key that wraps all key material (default: <data-dir>/root.key, created if absent).")
  Path rootKeyFile;

  @Option(names = "--account", defaultValue = "${env:KEYWATCH_ACCOUNT:-111122223333}",
      description = "The 12-digit account id in ARNs (default: ${DEFAULT-VALUE}).")
  String account;

  @Option(names = "--region", defaultValue = "${env:KEYWATCH_REGION:-us-east-1}",
      description = "The region in ARNs (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--identity-file", defaultValue = "${env:KEYWATCH_IDENTITY_FILE}",
      description = "YAML or JSON file declaring IAM users, roles and their policies, in the fields of "
          + "'aws iam get-account-authorization-details' (UserDetailList, RoleDetailList).")
  Path identityFile;

  @Option(names = "--profile", defaultValue = "${env:KEYWATCH_PROFILE}",
      description = "Ready-made resources to ensure at start: 'lab' creates (once) the lab's key "
          + LabProfile.KEY_ALIAS + " and the role " + LabProfile.ROLE_NAME + " allowed kms:* on it only.")
  String profile;

  @Option(names = "--trail-dir", defaultValue = "${env:KEYWATCH_TRAIL_DIR}",
      description = "Root directory of the trail (CloudTrail log files, digests, journal, log group) "
          + "(default: <data-dir>/trail). Validate it with 'keywatch trail validate --trail-dir DIR'.")
  Path trailDir;

  @Option(names = "--trail-file-interval-seconds", defaultValue = "300",
      description = "How often the trail's journal becomes a log file and reaches the log group (default: ${DEFAULT-VALUE}).")
  long trailFileIntervalSeconds;

  @Option(names = "--trail-log-group", defaultValue = "${env:KEYWATCH_TRAIL_LOG_GROUP:-keywatch-trail}",
      description = "The log group the trail delivers to (default: ${DEFAULT-VALUE}; the lab uses pattern1-logging-loggroup).")
  String trailLogGroup;

  @Option(names = "--unsafe-no-trail",
      description = "UNSAFE, for benchmarking only: record nothing. Calls are no longer audited.")
  boolean unsafeNoTrail;

  @Option(names = "--port-file",
      description = "Write the bound port to this file once listening (useful with --port 0).")
  Path portFile;

  @Override
  public void run() {
    ServerConfig config;
    try {
      config = new ServerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, rootKeyFile,
          new AccountRegion(account, region), System.getenv("KEYWATCH_ADMIN_ACCESS_KEY_ID"),
          System.getenv("KEYWATCH_ADMIN_SECRET_ACCESS_KEY"), identityFile,
          new TrailSettings(trailDir, Duration.ofSeconds(trailFileIntervalSeconds), trailLogGroup, unsafeNoTrail));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
    }
    if (profile != null && !profile.equals(LabProfile.NAME)) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "unknown profile '" + profile + "' (known: " + LabProfile.NAME + ")");
    }
    KeywatchServer server;
    LabProfile.Applied lab = null;
    try {
      server = KeywatchServer.start(config, Clock.systemUTC());
      if (profile != null) {
        try {
          lab = server.applyLabProfile();
        } catch (Exception | Error e) {
          server.close();
          throw e;
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("keywatch could not start: " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "keywatch-sweeper");
      t.setDaemon(true);
      return t;
    });
    sweeper.scheduleAtFixedRate(server::sweep, 60, 60, TimeUnit.SECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sweeper.shutdownNow();
      try {
        server.close();
      } catch (Exception ignored) {
        // exiting anyway
      }
      stopped.countDown();
    }, "keywatch-shutdown"));
    try {
      if (portFile != null) {
        Files.writeString(portFile, Integer.toString(server.port()));
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not write the port file " + portFile + ": " + e.getMessage(), e);
    }
    System.out.println("keywatch KMS listening on " + server.endpoint()
        + " (account " + config.accountRegion().accountId() + ", region " + config.accountRegion().region() + ")");
    System.out.println("  key store: " + (databaseUrl == null ? "embedded H2 in " + dataDir.toAbsolutePath() : databaseUrl));
    System.out.println("  root key:  " + config.effectiveRootKeyFile().toAbsolutePath());
    if (unsafeNoTrail) {
      System.out.println("  trail:     NONE. WARNING: --unsafe-no-trail: calls are NOT audited (benchmarking only)");
    } else {
      System.out.println("  trail:     " + config.effectiveTrailDir().toAbsolutePath() + " (log group "
          + config.trail().logGroupName() + "; check it with: keywatch trail validate --trail-dir "
          + config.effectiveTrailDir().toAbsolutePath() + ")");
    }
    System.out.println("Try it:");
    System.out.println("  export AWS_ENDPOINT_URL=" + server.endpoint() + " AWS_DEFAULT_REGION=" + config.accountRegion().region());
    server.createdAdminKey().ifPresentOrElse(k -> {
      System.out.println("  export AWS_ACCESS_KEY_ID=" + k.accessKeyId() + " AWS_SECRET_ACCESS_KEY=" + k.secretAccessKey());
      System.out.println("  (the account root's access key, created now and shown only this once: keep it)");
    }, () -> System.out.println("  export AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=...   (the admin key printed at first start)"));
    System.out.println("  aws --endpoint-url " + server.endpoint() + " kms create-key --description demo");
    System.out.println("  (AWS CLI 2.13+ and recent SDKs also read AWS_ENDPOINT_URL; older CLIs need --endpoint-url)");
    if (lab != null) {
      System.out.println(lab.describe());
    }
    System.out.println("Stop with Ctrl-C.");
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
