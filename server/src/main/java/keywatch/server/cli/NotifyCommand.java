package keywatch.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import keywatch.server.admin.AdminApi;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import keywatch.watch.action.Outbox;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keywatch notify outbox | dead-letters | subscriptions}: what alarms sent, what could not
 * be delivered, and who is subscribed. Reads the files under the data directory, so it works
 * beside a running keywatch. {@code keywatch notify status} asks the running keywatch (its admin
 * API, {@code KeywatchNotify.ListDeliveries}) for the delivery counts per subscription, which it
 * keeps in its database.
 */
@Command(name = "notify", mixinStandardHelpOptions = true,
    description = {
      "Shows the outbox, the dead-letter record and the subscriptions of alarm notifications",
      "(from the files in --data-dir), and the delivery status per subscription ('status', from the",
      "RUNNING keywatch: --endpoint-url or KEYWATCH_ENDPOINT / AWS_ENDPOINT_URL, signed with",
      "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; needs keywatch:ListDeliveries)."
    })
public final class NotifyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(scope = CommandLine.ScopeType.INHERIT, names = "--data-dir", defaultValue = "${env:KEYWATCH_DATA_DIR:-keywatch-data}",
      description = "keywatch's data directory.")
  Path dataDir;

  private Map<String, String> environment = System.getenv();

  /** Replaces the process environment the credentials and endpoint of {@code status} are read from (tests). */
  public NotifyCommand environment(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    return this;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = {
      "Per subscription: attempts, delivered, failed attempts, dead-lettered, queued now, the last",
      "outcome, its time and the last error, from the running keywatch (kept across restarts).",
      "Exit status: 0; 252 bad endpoint; 253 no credentials; 254 refused; 255 unreachable."})
  int status(@Option(names = "--endpoint-url", paramLabel = "<url>", description = ServerAccess.ENDPOINT_HELP) String endpointUrl) {
    return AdminClient.run(environment, endpointUrl, AdminApi.NOTIFY_PREFIX + "ListDeliveries",
        JsonNodeFactory.instance.objectNode(), spec.commandLine().getOut(), spec.commandLine().getErr(), (result, out, err) -> {
          out.printf("%-9s  %8s  %9s  %6s  %12s  %7s  %-17s  %-24s  %s%n", "PROTOCOL", "ATTEMPTS", "DELIVERED", "FAILED",
              "DEAD-LETTERED", "PENDING", "LAST OUTCOME", "LAST ATTEMPT", "SUBSCRIPTION / ENDPOINT / LAST ERROR");
          for (JsonNode d : result.path("Deliveries")) {
            out.printf("%-9s  %8d  %9d  %6d  %12d  %7d  %-17s  %-24s  %s / %s / %s%n",
                d.path("Subscribed").asBoolean() ? d.path("Protocol").asText() : "(removed)", d.path("Attempts").asLong(),
                d.path("Delivered").asLong(), d.path("FailedAttempts").asLong(), d.path("DeadLettered").asLong(),
                d.path("Pending").asLong(), d.path("LastOutcome").asText("-"), d.path("LastAttemptAt").asText("-"),
                d.path("SubscriptionArn").asText(), d.path("Endpoint").asText("-"), d.path("LastError").asText("-"));
          }
          return 0;
        });
  }

  @Command(name = "outbox", description = "Messages in the local outbox, oldest first.")
  int outbox() {
    PrintWriter out = spec.commandLine().getOut();
    for (Outbox.Entry e : Outbox.read(dataDir.resolve("outbox.jsonl"))) {
      out.printf("%s  %s  %s%n  %s%n%n", e.timestamp(), e.topicArn(), e.subject(), e.message().replace("\n", "\n  "));
    }
    out.flush();
    return 0;
  }

  @Command(name = "dead-letters", description = "Messages given up after every attempt, one JSON line each.")
  int deadLetters() throws IOException {
    return printLines(dataDir.resolve("dead-letters.jsonl"));
  }

  @Command(name = "subscriptions", description = "Topics and their subscriptions (pending ones say so).")
  int subscriptions() throws IOException {
    Path f = dataDir.resolve("topics.json");
    PrintWriter out = spec.commandLine().getOut();
    if (Files.exists(f)) {
      JsonNode state = new ObjectMapper().readTree(f.toFile());
      for (JsonNode s : state.path("subscriptions")) {
        out.printf("%s  %-10s  %-30s  %s%n", s.path("topicArn").asText(), s.path("protocol").asText(), s.path("endpoint").asText(),
            s.path("confirmed").asBoolean() ? s.path("arn").asText() : "PendingConfirmation");
      }
    }
    out.flush();
    return 0;
  }

  private int printLines(Path f) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (Files.exists(f)) {
      Files.readAllLines(f).forEach(out::println);
    }
    out.flush();
    return 0;
  }
}
