package keywatch.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import keywatch.watch.action.Outbox;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keywatch notify outbox | dead-letters | subscriptions}: what alarms sent, what could not
 * be delivered, and who is subscribed. Reads the files under the data directory, so it works
 * beside a running keywatch.
 */
@Command(name = "notify", mixinStandardHelpOptions = true,
    description = "Shows the outbox, the dead-letter record and the subscriptions of alarm notifications.")
public final class NotifyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(scope = CommandLine.ScopeType.INHERIT, names = "--data-dir", defaultValue = "${env:KEYWATCH_DATA_DIR:-keywatch-data}",
      description = "keywatch's data directory.")
  Path dataDir;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
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
