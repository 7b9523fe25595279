package keywatch.server.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import keywatch.watch.pattern.FilterPattern;
import keywatch.watch.pattern.MatchResult;
import keywatch.watch.pattern.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keywatch test-filter}: the local counterpart of {@code aws logs test-metric-filter}.
 * Reads a pattern and events, prints the matching events with their extracted values in the
 * shape TestMetricFilter returns ({@code matches[].eventNumber/eventMessage/extractedValues}).
 */
@Command(
    name = "test-filter",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Test a CloudWatch Logs filter pattern against log events, like 'aws logs test-metric-filter'.",
      "Events come from --log-event-messages, or one per line from --file (.gz accepted) or standard input.",
      "Prints the matching events with their event number (1-based position in the input) and the values"
          + " a space-delimited pattern extracts ($1, $name). Exit status: 0 on success (even with no matches),"
          + " 1 if no event matched and --fail-if-none is given, 2 if the pattern is invalid or the input unreadable."
    },
    footerHeading = "%nPattern syntax (AWS's filter pattern syntax):%n",
    footer = {
      "  ERROR WARN          every term occurs (case-sensitive substrings)",
      "  ?ERROR ?WARN        any of the ? terms occurs",
      "  ERROR -DEBUG        ERROR occurs and DEBUG does not",
      "  \"exact phrase\"      quote phrases and terms with special characters",
      "  %%ERR[0-9]{2}%%       regex: letters, digits, : _ # = @ / ; , -",
      "                      and ^ $ ? [ ] { } | \\ * + . (no parentheses)",
      "  [ip, user, ..., status = 4*, bytes > 1000]",
      "                      space-delimited; [..] and \"..\" in events are one field",
      "  { $.errorCode = \"*\" && ($.a.b[0] > 1.5e2 || $.c IS TRUE) }",
      "                      JSON: $.a.b  $.a[0]  $.['x.y']  $.*  $.a[*]",
      "                      = != < <= > >=  && ||  IS NULL  NOT EXISTS",
      "                      \"pre*\" \"*suf\" wildcards, %%regex%% values",
      "",
      "Examples:",
      "  keywatch test-filter -p 'ERROR -DEBUG' \\",
      "      --log-event-messages 'ERROR one' 'DEBUG ERROR two'",
      "  zcat trail.json.gz | jq -c '.Records[]' \\",
      "      | keywatch test-filter -p '{ $.errorCode = \"*\" }'",
      "  keywatch test-filter -p '[ip, id, user, ts, req, status, size]' \\",
      "      --file access.log --output text"
    })
public final class TestFilterCommand implements Callable<Integer> {
  enum Output {
    json,
    text
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"--filter-pattern", "-p"},
      required = true,
      paramLabel = "<pattern>",
      description = "The filter pattern (0 to 1024 characters; empty matches every event).")
  String filterPattern;

  @Option(
      names = "--log-event-messages",
      arity = "1..*",
      paramLabel = "<message>",
      description = "Log event messages to test, as separate arguments.")
  List<String> messages;

  @Option(
      names = {"--file", "-f"},
      paramLabel = "<path>",
      description = "Read events from this file, one per line ('-' for standard input; .gz is decompressed).")
  String file;

  @Option(
      names = "--output",
      defaultValue = "json",
      paramLabel = "json|text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Output output;

  @Option(names = "--fail-if-none", description = "Exit with status 1 when no event matches.")
  boolean failIfNone;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    FilterPattern pattern;
    try {
      pattern = FilterPattern.parse(filterPattern);
    } catch (PatternSyntaxException e) {
      err.println("keywatch test-filter: invalid filter pattern: " + e.reason());
      err.println("  " + filterPattern.replace('\n', ' ').replace('\t', ' '));
      err.println("  " + " ".repeat(Math.min(e.offset(), filterPattern.length())) + "^ offset " + e.offset());
      err.flush();
      return 2;
    }
    List<String> events;
    try {
      events = events();
    } catch (IOException e) {
      err.println("keywatch test-filter: cannot read events: " + e.getMessage());
      err.flush();
      return 2;
    }

    List<Match> matches = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      String message = events.get(i);
      if (message.isEmpty()) {
        continue;
      }
      MatchResult r = pattern.match(message);
      if (r.matched()) {
        matches.add(new Match(i + 1, message, new TreeMap<>(r.extractedValues())));
      }
    }
    if (output == Output.json) {
      printJson(out, matches);
    } else {
      printText(out, matches);
    }
    out.flush();
    return failIfNone && matches.isEmpty() ? 1 : 0;
  }

  private record Match(long eventNumber, String eventMessage, Map<String, String> extractedValues) {}

  private List<String> events() throws IOException {
    if (messages != null && !messages.isEmpty()) {
      return messages;
    }
    if (file == null || file.equals("-")) {
      return readLines(System.in);
    }
    Path path = Path.of(file);
    try (InputStream in = Files.newInputStream(path)) {
      return readLines(file.endsWith(".gz") ? new GZIPInputStream(in) : in);
    }
  }

  private static List<String> readLines(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lines.add(line);
    }
    return lines;
  }

  /** The JSON the AWS CLI prints for TestMetricFilter (4-space indentation). */
  private static void printJson(PrintWriter out, List<Match> matches) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    ArrayNode list = root.putArray("matches");
    for (Match m : matches) {
      ObjectNode o = list.addObject();
      o.put("eventNumber", m.eventNumber());
      o.put("eventMessage", m.eventMessage());
      ObjectNode values = o.putObject("extractedValues");
      m.extractedValues().forEach(values::put);
    }
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n"))
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    try {
      out.println(mapper.writer(printer).writeValueAsString(root));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The AWS CLI's text output: one MATCHES row per match, its EXTRACTEDVALUES below it. */
  private static void printText(PrintWriter out, List<Match> matches) {
    for (Match m : matches) {
      out.println("MATCHES\t" + m.eventMessage() + "\t" + m.eventNumber());
      if (!m.extractedValues().isEmpty()) {
        out.println("EXTRACTEDVALUES\t" + String.join("\t", m.extractedValues().values()));
      }
    }
  }
}
