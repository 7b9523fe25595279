package keywatch.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code keywatch test-filter}, run in-process. Output shape follows AWS's TestMetricFilter
 * response (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TestMetricFilter.html):
 * {@code matches[]} of {@code eventNumber}, {@code eventMessage}, {@code extractedValues}.
 */
class TestFilterCommandTest {
  static final String APACHE_1 = "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534";
  static final String APACHE_2 = "127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] \"GET /apache_pb.gif HTTP/1.0\" 500 5324";

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void printsMatchesWithExtractedValuesAsJson() throws Exception {
    Run r =
        run(
            "test-filter",
            "--filter-pattern", "[ip, identity, user_id, timestamp, request, status_code = 5*, size]",
            "--log-event-messages", APACHE_1, APACHE_2);
    assertThat(r.exit()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("matches")).hasSize(1);
    JsonNode m = json.path("matches").get(0);
    assertThat(m.path("eventNumber").asInt()).isEqualTo(2);
    assertThat(m.path("eventMessage").asText()).isEqualTo(APACHE_2);
    assertThat(m.path("extractedValues").path("$status_code").asText()).isEqualTo("500");
    assertThat(m.path("extractedValues").path("$request").asText()).isEqualTo("GET /apache_pb.gif HTTP/1.0");
    assertThat(m.path("extractedValues").path("$7").asText()).isEqualTo("5324");
    assertThat(r.out()).startsWith("{\n    \"matches\": [\n        {\n            \"eventNumber\": 2,");
  }

  @Test
  void readsEventsFromAFileOnePerLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("trail.jsonl");
    Files.write(
        file,
        List.of(
            "{\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"Decrypt\",\"errorCode\":\"IncorrectKeyException\"}",
            "",
            "{\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"Decrypt\"}"));
    Run r = run("test-filter", "-p", "{ $.errorCode = \"*\" }", "--file", file.toString());
    assertThat(r.exit()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("matches")).hasSize(1);
    assertThat(json.path("matches").get(0).path("eventNumber").asInt()).isEqualTo(1);
    assertThat(json.path("matches").get(0).path("extractedValues").size()).isZero();
  }

  @Test
  void readsGzippedFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.log.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
      out.write("ERROR a\nWARN b\n".getBytes(StandardCharsets.UTF_8));
    }
    Run r = run("test-filter", "-p", "?WARN ?DEBUG", "-f", file.toString(), "--output", "text");
    assertThat(r.out()).isEqualTo("MATCHES\tWARN b\t2\n");
  }

  @Test
  void readsStandardInputWhenNoEventsAreGiven() {
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream("ERROR one\nINFO two\nERROR three\n".getBytes(StandardCharsets.UTF_8)));
      Run r = run("test-filter", "--filter-pattern", "ERROR", "--output", "text");
      assertThat(r.exit()).isZero();
      assertThat(r.out()).isEqualTo("MATCHES\tERROR one\t1\n" + "MATCHES\tERROR three\t3\n");
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void textOutputListsExtractedValuesByKey() {
    Run r = run("test-filter", "-p", "[level, code]", "--log-event-messages", "ERROR 42", "--output", "text");
    // keys sorted: $1, $2, $code, $level
    assertThat(r.out()).isEqualTo("MATCHES\tERROR 42\t1\nEXTRACTEDVALUES\tERROR\t42\t42\tERROR\n");
  }

  @Test
  void noMatchesIsAnEmptyListAndCanFail() throws Exception {
    Run r = run("test-filter", "-p", "WARN", "--log-event-messages", "ERROR");
    assertThat(r.exit()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).path("matches")).isEmpty();
    assertThat(run("test-filter", "-p", "WARN", "--log-event-messages", "ERROR", "--fail-if-none").exit()).isEqualTo(1);
  }

  @Test
  void anInvalidPatternSaysWhereAndWhy() {
    Run r = run("test-filter", "--filter-pattern", "{ $.a = }", "--log-event-messages", "x");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("invalid filter pattern: expected a value after '=' but found '}'")
        .contains("  { $.a = }\n          ^ offset 8");
  }

  @Test
  void aMissingFileIsReported() {
    Run r = run("test-filter", "-p", "x", "--file", "/nonexistent/keywatch/events.log");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("cannot read events");
  }

  @Test
  void helpExplainsOptionsSyntaxAndExamples() {
    Run r = run("test-filter", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("--filter-pattern")
        .contains("--log-event-messages")
        .contains("--file")
        .contains("--output")
        .contains("%ERR[0-9]{2}%")
        .contains("IS NULL")
        .contains("Examples:");
    assertThat(run("help", "test-filter").out()).contains("--filter-pattern");
  }
}
