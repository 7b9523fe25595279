package keywatch.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import keywatch.server.admin.AdminApi;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keywatch respond list | approve <id> | undo <id>}: the responses taken on alarms, and the
 * way back, through the running keywatch's admin API ({@code KeywatchResponder.*}), so approve and
 * undo run inside the server, as keywatch-responder, where its key cache and trail see them. Works
 * the same on the embedded H2 database and on PostgreSQL.
 */
@Command(name = "respond", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Lists the autonomous responses taken on alarms, approves waiting ones, undoes done ones,",
      "on a RUNNING keywatch (through its admin API; the server acts, as keywatch-responder).",
      "Point it at the server with --endpoint-url, or KEYWATCH_ENDPOINT / AWS_ENDPOINT_URL",
      "(the endpoint 'keywatch serve' and 'keywatch up' print; default " + ServerAccess.DEFAULT_ENDPOINT + ").",
      "Requests are signed with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN)",
      "from the environment: the account root's key keywatch printed at first start, or a user",
      "allowed keywatch:ListResponses, keywatch:ApproveResponse, keywatch:UndoResponse."
    },
    footer = {
      "",
      "Exit status: 0 done; 1 approved but not carried out (FAILED or SKIPPED_*, see its detail);",
      "2 bad usage; 252 bad endpoint; 253 no credentials; 254 keywatch refused the call",
      "(its error code is printed: ResourceNotFoundException, InvalidStateException, AccessDeniedException);",
      "255 keywatch unreachable.",
    })
public final class RespondCommand implements Runnable {
  static final String LIST = AdminApi.RESPONDER_PREFIX + "ListResponses";
  static final String APPROVE = AdminApi.RESPONDER_PREFIX + "ApproveResponse";
  static final String UNDO = AdminApi.RESPONDER_PREFIX + "UndoResponse";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(scope = CommandLine.ScopeType.INHERIT, names = "--endpoint-url", paramLabel = "<url>", description = ServerAccess.ENDPOINT_HELP)
  String endpointUrl;

  private Map<String, String> environment = System.getenv();

  /** Replaces the process environment the credentials and endpoint are read from (tests run in-process). */
  public RespondCommand environment(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    return this;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists responses, newest first.")
  int list() {
    return AdminClient.run(environment, endpointUrl, LIST, JsonNodeFactory.instance.objectNode(),
        spec.commandLine().getOut(), spec.commandLine().getErr(), (result, out, err) -> {
          out.printf("%-36s  %-20s  %-21s  %-18s  %s%n", "ID", "CREATED", "ACTION", "STATE", "ALARM / TARGET / DETAIL");
          for (JsonNode r : result.path("Responses")) {
            String created = r.path("CreatedAt").asText();
            out.printf("%-36s  %-20s  %-21s  %-18s  %s / %s / %s%n", r.path("Id").asText(),
                created.length() > 19 ? created.substring(0, 19) : created, r.path("Action").asText(), r.path("State").asText(),
                r.path("AlarmName").asText(), r.path("Target").asText(), r.path("Detail").asText(""));
          }
          return 0;
        });
  }

  @Command(name = "approve", mixinStandardHelpOptions = true, description = "Carries out a response waiting for approval (PENDING_APPROVAL).")
  int approve(@Parameters(paramLabel = "ID") String id) {
    return act(APPROVE, id, "DONE");
  }

  @Command(name = "undo", mixinStandardHelpOptions = true, description = "Reverses a DONE response: re-enables the key, removes the Deny statement, reactivates the access key.")
  int undo(@Parameters(paramLabel = "ID") String id) {
    return act(UNDO, id, "UNDONE");
  }

  private int act(String target, String id, String expected) {
    ObjectNode request = JsonNodeFactory.instance.objectNode().put("ResponseId", id);
    return AdminClient.run(environment, endpointUrl, target, request, spec.commandLine().getOut(), spec.commandLine().getErr(),
        (result, out, err) -> {
          JsonNode r = result.path("Response");
          String line = r.path("Id").asText() + " " + r.path("State").asText() + ": " + r.path("Detail").asText("");
          if (expected.equals(r.path("State").asText())) {
            out.println(line);
            return 0;
          }
          err.println(line);
          return 1;
        });
  }
}
