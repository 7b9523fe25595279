package keywatch.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import keywatch.kms.key.AccountRegion;
import keywatch.server.KeywatchServer;
import keywatch.server.config.ServerConfig;
import keywatch.server.respond.KmsResponder;
import keywatch.server.respond.ResponseRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keywatch respond list | approve <id> | undo <id>}: the responses taken on alarms, and the
 * way back. It opens keywatch's data directory (or database) itself, on a loopback port of its
 * own, so approve and undo go through the same in-process KMS path, as keywatch-responder, as the
 * responses did. With the embedded H2 database, stop the serving process first (H2 holds a file
 * lock); with PostgreSQL it can run beside it.
 */
@Command(name = "respond", mixinStandardHelpOptions = true,
    description = "Lists the autonomous responses taken on alarms, approves waiting ones, undoes done ones.")
public final class RespondCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(scope = CommandLine.ScopeType.INHERIT, names = "--data-dir", defaultValue = "${env:KEYWATCH_DATA_DIR:-keywatch-data}", description = "keywatch's data directory.")
  Path dataDir;

  @Option(scope = CommandLine.ScopeType.INHERIT, names = "--database-url", defaultValue = "${env:KEYWATCH_DATABASE_URL}", description = "JDBC URL; default: embedded H2 in the data directory.")
  String databaseUrl;

  @Option(scope = CommandLine.ScopeType.INHERIT, names = "--database-user", defaultValue = "${env:KEYWATCH_DATABASE_USER}", description = "Database user.")
  String databaseUser;

  @Option(scope = CommandLine.ScopeType.INHERIT, names = "--database-password", defaultValue = "${env:KEYWATCH_DATABASE_PASSWORD}", description = "Database password.")
  String databasePassword;

  @Option(scope = CommandLine.ScopeType.INHERIT, names = "--account", defaultValue = "${env:KEYWATCH_ACCOUNT:-111122223333}", description = "Account id.")
  String account;

  @Option(scope = CommandLine.ScopeType.INHERIT, names = "--region", defaultValue = "${env:KEYWATCH_REGION:-us-east-1}", description = "Region.")
  String region;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", description = "Lists responses, newest first.")
  int list() throws Exception {
    try (KeywatchServer s = open()) {
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-36s  %-20s  %-21s  %-18s  %s%n", "ID", "CREATED", "ACTION", "STATE", "ALARM / TARGET / DETAIL");
      for (ResponseRecord r : s.actions().responder().list()) {
        out.printf("%-36s  %-20s  %-21s  %-18s  %s / %s / %s%n", r.id(), r.createdAt().toString().substring(0, 19), r.action(), r.state(),
            r.alarmName(), r.target(), r.detail());
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "approve", description = "Carries out a response waiting for approval.")
  int approve(@Parameters(paramLabel = "ID") String id) throws Exception {
    return act(id, false);
  }

  @Command(name = "undo", description = "Reverses a done response: re-enables the key, removes the Deny statement, reactivates the access key.")
  int undo(@Parameters(paramLabel = "ID") String id) throws Exception {
    return act(id, true);
  }

  private int act(String id, boolean undo) throws Exception {
    try (KeywatchServer s = open()) {
      KmsResponder responder = s.actions().responder();
      try {
        ResponseRecord r = undo ? responder.undo(id) : responder.approve(id);
        spec.commandLine().getOut().printf("%s %s: %s%n", r.id(), r.state(), r.detail());
        spec.commandLine().getOut().flush();
        return 0;
      } catch (IllegalArgumentException | IllegalStateException e) {
        spec.commandLine().getErr().println(e.getMessage());
        spec.commandLine().getErr().flush();
        return 1;
      }
    }
  }

  private KeywatchServer open() throws Exception {
    ServerConfig config = new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dataDir, databaseUrl, databaseUser, databasePassword, null,
        new AccountRegion(account, region), null, null, null);
    return KeywatchServer.start(config, Clock.systemUTC());
  }
}
