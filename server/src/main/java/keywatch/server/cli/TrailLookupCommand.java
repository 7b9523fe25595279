package keywatch.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import keywatch.trail.TrailDirectory;
import keywatch.trail.lookup.EventLookup;
import keywatch.trail.lookup.LookupPage;
import keywatch.trail.lookup.LookupQuery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keywatch trail lookup}: CloudTrail LookupEvents over a trail directory. */
@Command(
    name = "lookup",
    mixinStandardHelpOptions = true,
    description = {
      "Look up events with CloudTrail LookupEvents' filters, newest first, in pages.",
      "Reads the log files and the records still in the journal, so it sees the latest calls.",
      "Filters given together must all match (AWS accepts one lookup attribute per call)."
    })
public final class TrailLookupCommand implements Callable<Integer> {
  enum Output { json, table }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--trail-dir", required = true, description = "The trail's root directory.")
  Path trailDir;

  @Option(names = "--event-id", description = "EventId: the record's eventID.")
  String eventId;

  @Option(names = "--event-name", description = "EventName, e.g. Decrypt.")
  String eventName;

  @Option(names = "--event-source", description = "EventSource, e.g. kms.amazonaws.com.")
  String eventSource;

  @Option(names = "--resource-name", description = "ResourceName: a resource ARN, or the key id at its end.")
  String resourceName;

  @Option(names = "--resource-type", description = "ResourceType, e.g. AWS::KMS::Key.")
  String resourceType;

  @Option(names = "--username", description = "Username: the IAM user name or the role session name.")
  String username;

  @Option(names = "--access-key-id", description = "AccessKeyId of the caller.")
  String accessKeyId;

  @Option(names = "--read-only", arity = "1", description = "ReadOnly: true or false.")
  Boolean readOnly;

  @Option(names = "--start-time", converter = TrailCommand.TimeConverter.class, description = "Events at or after this UTC time.")
  Instant startTime;

  @Option(names = "--end-time", converter = TrailCommand.TimeConverter.class, description = "Events at or before this UTC time.")
  Instant endTime;

  @Option(names = "--max-results", description = "Events per page, 1-50 (default: 50).")
  Integer maxResults;

  @Option(names = "--next-token", description = "The NextToken of the previous page.")
  String nextToken;

  @Option(names = "--output", defaultValue = "json", description = "json (LookupEvents' response) or table (default: ${DEFAULT-VALUE}).")
  Output output;

  @Override
  public Integer call() throws Exception {
    LookupQuery query;
    try {
      query = new LookupQuery(eventId, eventName, eventSource, resourceName, resourceType, username, accessKeyId,
          readOnly, startTime, endTime, maxResults, nextToken);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    LookupPage page;
    try {
      page = new EventLookup(TrailDirectory.readConfig(trailDir)).lookup(query);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output == Output.json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode response = mapper.createObjectNode();
      ArrayNode events = response.putArray("Events");
      page.events().forEach(events::add);
      if (page.nextToken() != null) {
        response.put("NextToken", page.nextToken());
      }
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(response));
    } else {
      printTable(out, page);
    }
    out.flush();
    return 0;
  }

  private static void printTable(PrintWriter out, LookupPage page) {
    String[] header = {"EventTime", "EventName", "EventSource", "Username", "ReadOnly", "ResourceName", "EventId"};
    List<String[]> rows = new ArrayList<>();
    rows.add(header);
    for (ObjectNode e : page.events()) {
      String resource = e.path("Resources").size() > 0 ? e.path("Resources").get(0).path("ResourceName").asText() : "";
      rows.add(new String[] {
        e.path("EventTime").asText(), e.path("EventName").asText(), e.path("EventSource").asText(),
        e.path("Username").asText(""), e.path("ReadOnly").asText(), resource, e.path("EventId").asText()
      });
    }
    int[] widths = new int[header.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        sb.append(String.format("%-" + widths[i] + "s", row[i]));
        if (i < row.length - 1) {
          sb.append("  ");
        }
      }
      out.println(sb.toString().stripTrailing());
    }
    if (page.nextToken() != null) {
      out.println();
      out.println("NextToken: " + page.nextToken());
    }
  }
}
