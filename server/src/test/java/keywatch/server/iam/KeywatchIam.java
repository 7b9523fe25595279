package keywatch.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import keywatch.server.cli.IamCommand;
import keywatch.server.cli.Main;
import keywatch.server.sdk.KeywatchHarness;
import picocli.CommandLine;

/** Runs {@code keywatch iam ...} in-process against one keywatch, as the admin or with given credentials. */
final class KeywatchIam {
  static final ObjectMapper JSON = new ObjectMapper();

  record Run(int exit, String out, String err) {
    /** The JSON printed, after asserting the command succeeded. */
    JsonNode json() throws Exception {
      assertThat(exit).as("exit status; stderr: %s", err).isZero();
      return out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
    }
  }

  private final String endpoint;
  private final Map<String, String> admin;

  KeywatchIam(KeywatchHarness harness) {
    this.endpoint = harness.server().endpoint();
    this.admin = credentials(harness.config().adminAccessKeyId(), harness.config().adminSecretAccessKey());
  }

  /** The environment a shell would have: these credentials and AWS_ENDPOINT_URL. */
  Map<String, String> credentials(String accessKeyId, String secretAccessKey) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", accessKeyId);
    env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
    env.put("AWS_ENDPOINT_URL", endpoint);
    return env;
  }

  Map<String, String> admin() {
    return admin;
  }

  /** {@code keywatch <args>} with {@code env} as its environment. */
  static Run run(Map<String, String> env, String... args) {
    CommandLine cli = Main.commandLine();
    ((IamCommand) cli.getSubcommands().get("iam").getCommand()).environment(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** {@code keywatch iam <args>} as the account root (the admin key). */
  Run iam(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "iam";
    System.arraycopy(args, 0, all, 1, args.length);
    return run(admin, all);
  }
}
