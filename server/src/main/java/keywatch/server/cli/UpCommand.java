package keywatch.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import keywatch.kms.key.AccountRegion;
import keywatch.server.config.ServerConfig;
import keywatch.server.config.TrailSettings;
import keywatch.server.lab.LabStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keywatch up}: the whole lab on this machine, until Ctrl-C or {@code keywatch down}. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the AWS Well-Architected lab 'Autonomous Monitoring of Cryptographic Activity with KMS' on this machine:",
      "keywatch (KMS, STS, IAM) with the lab profile (alias/pattern1-app-key, role pattern1-app-Pattern1ECSTaskRole),",
      "the trail delivering to log group " + LabStack.LOG_GROUP + ", the lab's metric filter and alarm exactly,",
      "the lab topic pattern1-logging-topic (outbox; email too when KEYWATCH_SMTP_HOST and KEYWATCH_LAB_EMAIL are set),",
      "and the lab's app running as the lab role through STS AssumeRole.",
      "Ready when <data-dir>/up.json exists (written last, atomically)."
    })
public final class UpCommand implements Runnable {
  @Option(names = "--host", defaultValue = "${env:KEYWATCH_HOST:-127.0.0.1}", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:KEYWATCH_PORT:-4599}", description = "keywatch's port; 0 lets the OS choose (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--app-port", defaultValue = "${env:KEYWATCH_APP_PORT:-8787}",
      description = "The lab app's port; 0 lets the OS choose (default: ${DEFAULT-VALUE}, away from the usual 8080).")
  int appPort;

  @Option(names = "--data-dir", defaultValue = "${env:KEYWATCH_DATA_DIR:-keywatch-lab}", description = "Everything up creates lives here (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--account", defaultValue = "${env:KEYWATCH_ACCOUNT:-111122223333}", description = "Account id (default: ${DEFAULT-VALUE}).")
  String account;

  @Option(names = "--region", defaultValue = "${env:KEYWATCH_REGION:-us-east-1}", description = "Region (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--app-database-url", defaultValue = "${env:KEYWATCH_APP_DATABASE_URL}",
      description = "The app's JDBC URL (MariaDB or PostgreSQL); default: embedded H2 under --data-dir.")
  String appDatabaseUrl;

  @Option(names = "--app-database-user", defaultValue = "${env:KEYWATCH_APP_DATABASE_USER}", description = "The app's database user.")
  String appDatabaseUser;

  @Option(names = "--app-database-password", defaultValue = "${env:KEYWATCH_APP_DATABASE_PASSWORD}",
      description = "The app's database password (prefer KEYWATCH_APP_DATABASE_PASSWORD).")
  String appDatabasePassword;

  @Option(names = "--envelope", description = "The app encrypts each record under its own data key (GenerateDataKey).")
  boolean envelope;

  @Option(names = "--aws-exact",
      description = "Evaluate the alarm only at period ends as CloudWatch does (default: early decision, keywatch's improvement: "
          + "ALARM as soon as the period's Sum can only be over the threshold).")
  boolean awsExact;

  @Option(names = "--trail-file-interval-seconds", defaultValue = "5",
      description = "How often the trail's journal becomes a log file (default: ${DEFAULT-VALUE}; the monitor does not wait for it).")
  long trailFileIntervalSeconds;

  @Override
  public void run() {
    LabStack.Options options = options(host, port, dataDir, account, region, trailFileIntervalSeconds, appPort,
        appDatabaseUrl, appDatabaseUser, appDatabasePassword, envelope, !awsExact);
    Path stateFile = dataDir.resolve(LabStack.STATE_FILE);
    try {
      if (Files.exists(stateFile)) {
        long pid = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stateFile.toFile()).path("pid").asLong();
        if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          throw new CommandLine.ParameterException(new CommandLine(this), "keywatch up is already running on " + dataDir
              + " (pid " + pid + "); stop it with: keywatch down --data-dir " + dataDir);
        }
        // A stale state file from a stopped up: gone before starting, so that readiness means this start.
        Files.delete(stateFile);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not read " + stateFile + ": " + e.getMessage(), e);
    }
    LabStack stack;
    try {
      stack = LabStack.start(options, System.getenv());
    } catch (Exception e) {
      throw new IllegalStateException("keywatch up could not start: " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        stack.close();
      } catch (Exception e) {
        System.err.println("keywatch up: stopping: " + e);
      }
      System.out.println("keywatch up: stopped");
      System.out.flush();
      stopped.countDown();
    }, "keywatch-up-shutdown"));
    System.out.println(describe(stack));
    System.out.flush();
    try {
      Path state = stack.writeState();
      System.out.println("Ready: " + state.toAbsolutePath());
      System.out.flush();
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("could not write the state file: " + e.getMessage(), e);
    }
  }

  static LabStack.Options options(String host, int port, Path dataDir, String account, String region, long fileInterval,
      int appPort, String dbUrl, String dbUser, String dbPassword, boolean envelope, boolean earlyDecision) {
    ServerConfig config;
    try {
      config = new ServerConfig(host, port, dataDir, null, null, null, null, new AccountRegion(account, region),
          System.getenv("KEYWATCH_ADMIN_ACCESS_KEY_ID"), System.getenv("KEYWATCH_ADMIN_SECRET_ACCESS_KEY"), null,
          new TrailSettings(null, Duration.ofSeconds(fileInterval), LabStack.LOG_GROUP, false));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(new UpCommand()), e.getMessage());
    }
    return new LabStack.Options(config, appPort, dbUrl, dbUser, dbPassword, envelope, earlyDecision);
  }

  static String describe(LabStack s) {
    String app = s.app().url();
    String key = s.lab().keyId();
    String dir = s.options().server().dataDir().toAbsolutePath().toString();
    StringBuilder b = new StringBuilder();
    b.append("keywatch up: the lab is running\n");
    b.append("  keywatch (KMS, STS, IAM)  ").append(s.server().endpoint()).append('\n');
    b.append("  lab app                   ").append(app).append(" (as ").append(s.lab().roleArn()).append(" via STS AssumeRole)\n");
    b.append("  key                       ").append(s.lab().keyArn()).append(" (alias/pattern1-app-key)\n");
    b.append("  trail                     ").append(s.options().server().effectiveTrailDir().toAbsolutePath())
        .append(" (log group ").append(LabStack.LOG_GROUP).append(")\n");
    b.append("  alarm                     ").append(LabStack.ALARM)
        .append(s.options().earlyDecision() ? " (early decision on; --aws-exact for CloudWatch's timing)" : " (AWS-exact evaluation)")
        .append(", history ").append(s.historyFile().toAbsolutePath()).append('\n');
    b.append("  notifications             outbox ").append(s.server().actions().outbox().file().toAbsolutePath())
        .append(System.getenv("KEYWATCH_LAB_EMAIL") != null && System.getenv("KEYWATCH_SMTP_HOST") != null
            ? "; email to " + System.getenv("KEYWATCH_LAB_EMAIL") + " (confirm the subscription link first)" : "")
        .append('\n');
    b.append("Credentials (for the aws CLI/SDKs against keywatch):\n");
    b.append("  export AWS_ENDPOINT_URL=").append(s.server().endpoint()).append(" AWS_DEFAULT_REGION=")
        .append(s.options().server().accountRegion().region()).append('\n');
    s.server().createdAdminKey().ifPresentOrElse(
        k -> b.append("  export AWS_ACCESS_KEY_ID=").append(k.accessKeyId()).append(" AWS_SECRET_ACCESS_KEY=")
            .append(k.secretAccessKey()).append("\n  (the account root's key, created now and shown only this once)\n"),
        () -> b.append("  the account root's key printed at the first start in ").append(dir)
            .append(" (or KEYWATCH_ADMIN_ACCESS_KEY_ID/KEYWATCH_ADMIN_SECRET_ACCESS_KEY)\n"));
    b.append("  the app's own credentials: user ").append(LabStack.RUNNER_USER)
        .append(" (sts:AssumeRole on the lab role only), a fresh key each start, kept in memory only\n");
    b.append("The lab's test (LAB.md section 5):\n");
    b.append("  curl --header \"Content-Type: application/json\" --request POST --data '{\"Name\":\"Andy Jassy\",\"Text\":\"Welcome to ReInvent 2020!\"}' ")
        .append(app).append("/encrypt\n");
    b.append("  curl --header \"Content-Type: application/json\" --request GET --data '{\"Name\":\"Andy Jassy\",\"Key\":\"")
        .append(key).append("\"}' ").append(app).append("/decrypt\n");
    b.append("  curl --header \"Content-Type: application/json\" --request GET --data '{\"Name\":\"Andy Jassy\",\"Key\":\"some-random-false-key\"}' ")
        .append(app).append("/decrypt   (twice or more within 10 s)\n");
    b.append("Next:\n");
    b.append("  ./keywatch lab --data-dir ").append(dir).append("            (runs the test and reports the detection latency)\n");
    b.append("  tail -f ").append(s.historyFile().toAbsolutePath()).append('\n');
    b.append("  ./keywatch notify outbox --data-dir ").append(dir).append('\n');
    b.append("  ./keywatch down --data-dir ").append(dir).append(" [--reset]\n");
    b.append("  ./keywatch trail validate --trail-dir ").append(s.options().server().effectiveTrailDir().toAbsolutePath())
        .append("   (after down)\n");
    return b.toString();
  }
}
