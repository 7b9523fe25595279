package keywatch.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code keywatch ...} in-process, as a user would, with the environment given (endpoint and credentials). */
final class AdminCli {
  record Run(int exit, String out, String err) {}

  private AdminCli() {}

  /** The environment a user sets after {@code keywatch serve}: endpoint and access key. */
  static Map<String, String> env(String endpoint, String accessKeyId, String secretAccessKey) {
    return Map.of("KEYWATCH_ENDPOINT", endpoint, "AWS_ACCESS_KEY_ID", accessKeyId, "AWS_SECRET_ACCESS_KEY", secretAccessKey);
  }

  static Run run(Map<String, String> env, String... args) {
    CommandLine cli = Main.commandLine();
    ((RespondCommand) cli.getSubcommands().get("respond").getCommand()).environment(env);
    ((NotifyCommand) cli.getSubcommands().get("notify").getCommand()).environment(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
