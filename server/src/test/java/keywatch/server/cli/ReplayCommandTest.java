package keywatch.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code keywatch replay}, in process. */
class ReplayCommandTest {
  static final String APP = "arn:aws:iam::111122223333:role/pattern1-app-Pattern1ECSTaskRole";
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Runs with {@code text} as standard input ({@code -}). */
  static Run runWithStdin(String text, String... args) {
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
      return run(args);
    } finally {
      System.setIn(stdin);
    }
  }

  static String decrypt(Instant t, String errorCode) {
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"arn\":\""
        + APP + "\"}}},\"eventTime\":\"" + t + "\",\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"Decrypt\",\"awsRegion\":\"ap-southeast-2\""
        + (errorCode == null ? "" : ",\"errorCode\":\"" + errorCode + "\",\"errorMessage\":\"The key ID in the request does not identify a CMK that can perform this operation.\"")
        + ",\"readOnly\":true,\"eventType\":\"AwsApiCall\"}";
  }

  /** The lab's test: a good decrypt, then failed decrypts in a row at 10:20:31, :33, :35 (Sum 2 in [10:20:30, 10:20:40)). */
  Path labTrail() throws IOException {
    Instant t0 = Instant.parse("2026-11-27T10:20:00Z");
    List<String> records = new ArrayList<>();
    records.add(decrypt(t0, null));
    records.add(decrypt(t0.plusSeconds(31), "IncorrectKeyException"));
    records.add(decrypt(t0.plusSeconds(33), "IncorrectKeyException"));
    records.add(decrypt(t0.plusSeconds(45), null));
    records.add(decrypt(t0.plusSeconds(70), null));
    Path f = dir.resolve("111122223333_CloudTrail_ap-southeast-2_20261127T1020Z_abc.json.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
      o.write(("{\"Records\":[" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8));
    }
    return f;
  }

  @Test
  void replayReportsTheLabAlarmAtTheRightEventTime() throws IOException {
    Path json = dir.resolve("out.json");
    Path csv = dir.resolve("out.csv");
    Run r = run("replay", labTrail().toString(), "--output-json", json.toString(), "--output-csv", csv.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Rules: 6 metric filters, 6 alarms (rule pack for account 111122223333)");
    assertThat(r.out()).contains("2026-11-27T10:20:40Z  Pattern1ApplicationKMSSecurityAlarm  INSUFFICIENT_DATA -> ALARM  "
        + "Threshold Crossed: 1 out of the last 1 datapoints [2.0 (27/11/26 10:20:30)] was greater than the threshold (1.0)");
    assertThat(r.out()).contains("Pattern1Application/KMSSecurity/KMSSecurityError (period 10 s, 1 datapoints)");
    assertThat(r.out()).contains("2026-11-27T10:20:30Z  SampleCount=2 Sum=2.0");
    assertThat(r.out()).containsPattern("Summary: 5 records, 2 filter matches, \\d+ state changes; event time 2026-11-27T10:20:00Z to 2026-11-27T10:21:10Z; [0-9.]+ s, [0-9,]+ records/s \\(CPU [0-9.]+ s, [0-9,]+ records per CPU second\\)");

    JsonNode j = new ObjectMapper().readTree(json.toFile());
    assertThat(j.get("records").asLong()).isEqualTo(5);
    JsonNode alarm = null;
    for (JsonNode c : j.get("stateChanges")) {
      if (c.get("alarmName").asText().equals("Pattern1ApplicationKMSSecurityAlarm")) {
        alarm = c;
      }
    }
    assertThat(alarm).isNotNull();
    assertThat(alarm.get("time").asText()).isEqualTo("2026-11-27T10:20:40Z");
    assertThat(alarm.get("newState").asText()).isEqualTo("ALARM");
    assertThat(alarm.get("reasonData").get("recentDatapoints").get(0).asDouble()).isEqualTo(2.0);
    assertThat(Files.readAllLines(csv)).contains(
        "datapoint,2026-11-27T10:20:30Z,Pattern1Application/KMSSecurity,KMSSecurityError,{},10,2,2.0,1.0,1.0,1.0,,,");
    assertThat(Files.readString(csv)).contains("state_change,2026-11-27T10:20:40Z,Pattern1ApplicationKMSSecurityAlarm,KMSSecurityError,{},10,,,,,,INSUFFICIENT_DATA,ALARM,");
  }

  @Test
  void earlyDecisionReportsTheSecondFailure() throws IOException {
    Run r = run("replay", "--early-decision", "--no-series", labTrail().toString());
    assertThat(r.out()).contains("2026-11-27T10:20:33Z  Pattern1ApplicationKMSSecurityAlarm  INSUFFICIENT_DATA -> ALARM  Threshold Crossed (early decision)");
  }

  @Test
  void rulesFromAwsDescribeFilesAndStandardInput() throws IOException {
    Path filters = dir.resolve("filters.json");
    Files.writeString(filters, "{\"metricFilters\":[{\"filterName\":\"errors\",\"filterPattern\":\"{ $.errorCode = \\\"*\\\" }\","
        + "\"metricTransformations\":[{\"metricName\":\"Errors\",\"metricNamespace\":\"Test\",\"metricValue\":\"1\"}],\"logGroupName\":\"g\"}]}");
    Path alarms = dir.resolve("alarms.yaml");
    Files.writeString(alarms, """
        MetricAlarms:
          - AlarmName: AnyError
            Namespace: Test
            MetricName: Errors
            Statistic: SampleCount
            Period: 60
            EvaluationPeriods: 1
            Threshold: 0
            ComparisonOperator: GreaterThanThreshold
        """);
    String lines = decrypt(Instant.parse("2026-11-27T10:00:05Z"), "NotFoundException") + "\n" + decrypt(Instant.parse("2026-11-27T10:02:05Z"), null) + "\n";
    Run r = runWithStdin(lines, "replay", "-r", filters.toString(), "-r", alarms.toString(), "-");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Rules: 1 metric filters, 1 alarms\n");
    assertThat(r.out()).contains("2026-11-27T10:01:00Z  AnyError  INSUFFICIENT_DATA -> ALARM");
    assertThat(r.out()).contains("Summary: 2 records, 1 filter matches");
  }

  /** {@code zcat *.json.gz | keywatch replay -}, as the help shows: every file's records, not just the first's. */
  @Test
  void concatenatedCloudTrailFilesOnStandardInput() throws IOException {
    Instant t0 = Instant.parse("2026-11-27T10:20:00Z");
    String first = "{\"Records\":[" + decrypt(t0, null) + "," + decrypt(t0.plusSeconds(31), "IncorrectKeyException") + "]}";
    String second = "{\"Records\":[" + decrypt(t0.plusSeconds(33), "IncorrectKeyException") + "," + decrypt(t0.plusSeconds(45), null) + "]}";
    Run r = runWithStdin(first + "\n" + second + "\n", "replay", "--no-series", "-");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("2026-11-27T10:20:40Z  Pattern1ApplicationKMSSecurityAlarm  INSUFFICIENT_DATA -> ALARM");
    assertThat(r.out()).contains("Summary: 4 records, 2 filter matches");
  }

  /** Plain text lines: a text pattern, each line at the instant it starts with. */
  @Test
  void plainTextLines() throws IOException {
    Path rules = dir.resolve("errors.yaml");
    Files.writeString(rules, """
        metricFilters:
          - filterName: errors
            filterPattern: 'ERROR -DEBUG'
            logGroupName: app
            metricTransformations:
              - metricName: Errors
                metricNamespace: App
                metricValue: "1"
        MetricAlarms:
          - AlarmName: ManyErrors
            Namespace: App
            MetricName: Errors
            Statistic: Sum
            Period: 60
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanThreshold
        """);
    Path log = dir.resolve("app.log");
    Files.writeString(log, "2026-11-27T10:00:01Z ERROR one\n2026-11-27T10:00:02Z DEBUG ERROR two\n2026-11-27T10:00:03Z INFO fine\n"
        + "2026-11-27T10:01:04Z ERROR three\n2026-11-27T10:01:05Z ERROR four\n2026-11-27T10:03:00Z INFO done\n");
    Run r = run("replay", "-r", rules.toString(), "--no-series", log.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("2026-11-27T10:01:00Z  ManyErrors  INSUFFICIENT_DATA -> OK");
    assertThat(r.out()).contains("2026-11-27T10:02:00Z  ManyErrors  OK -> ALARM  Threshold Crossed: 1 out of the last 1 datapoints [2.0 (27/11/26 10:01:00)]");
    assertThat(r.out()).contains("Summary: 6 records, 3 filter matches");
  }

  /** Long inputs get a bar on standard error (here forced on: the tests have no terminal), cleared at the end. */
  @Test
  void progressBarOnStandardError() throws IOException {
    StringWriter err = new StringWriter();
    ReplayCommand.ProgressBar bar = new ReplayCommand.ProgressBar(new PrintWriter(err), true);
    bar.update(16_384, 50, 100);
    assertThat(err.toString()).startsWith("\r[" + "#".repeat(15) + " ".repeat(15) + "]  50% 16,384 records, ");
    bar.clear();
    assertThat(err.toString()).endsWith("\r\033[K");
    Run r = run("replay", "--progress", "--no-series", labTrail().toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("100% 5 records").endsWith("\r\033[K");
    assertThat(run("replay", "--no-series", labTrail().toString()).err()).isEmpty();
  }

  @Test
  void badRulesAndMissingInputsFailClearly() throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"MetricAlarms\":[{\"AlarmName\":\"x\",\"Namespace\":\"N\",\"MetricName\":\"M\",\"Statistic\":\"Sum\",\"Period\":7,"
        + "\"EvaluationPeriods\":1,\"Threshold\":1,\"ComparisonOperator\":\"GreaterThanThreshold\"}]}");
    Run r = run("replay", "-r", bad.toString(), labTrail().toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("bad rules").contains("Period must be 10, 20, 30 or a multiple of 60.");
    Run missing = run("replay", dir.resolve("nope.json").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file or directory");
  }

  @Test
  void generatedCorpusReplaysWithTheRulePack() {
    Path corpus = dir.resolve("corpus");
    Run g = run("replay", "--generate-corpus", "3000", "--out", corpus.toString(), "--corpus-rate", "20");
    assertThat(g.exit()).as(g.err()).isZero();
    assertThat(g.out()).startsWith("Wrote 3,000 records in 3 files");
    Run r = run("replay", "--no-series", corpus.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Summary: 3,000 records");
  }

  @Test
  void helpExplainsInputsRulesAndOutputs() {
    Run r = run("replay", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Usage: keywatch replay", "--rules", "--rule-pack", "--output-json", "--output-csv",
        "--early-decision", "--generate-corpus", "describe-metric-filters", "Examples:");
    assertThat(run("--help").out()).contains("replay");
  }
}
