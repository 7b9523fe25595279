package keywatch.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import keywatch.trail.Trail;
import keywatch.trail.TrailConfig;
import keywatch.trail.record.CloudTrailRecord;
import keywatch.trail.record.UserIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrailCommandTest {
  static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");
  @TempDir Path root;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeEach
  void writeTrail() throws Exception {
    TrailConfig config = new TrailConfig(root, "111122223333", "ap-southeast-2", "pattern1-trail", null, Duration.ofHours(1));
    // Two hours and a minute of trail, with a fixed clock moved between phases.
    Clock[] clock = {Clock.fixed(T0, ZoneOffset.UTC)};
    Clock moving = new Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return clock[0].instant(); }
    };
    try (Trail trail = Trail.open(config, moving)) {
      for (int i = 0; i < 3; i++) {
        trail.append(CloudTrailRecord.builder()
            .userIdentity(UserIdentity.iamUser("111122223333", "AIDAEXAMPLE", "Alice", "AKIAEXAMPLE"))
            .eventTime(T0.plusSeconds(i))
            .eventName(i == 0 ? "Encrypt" : "Decrypt")
            .awsRegion("ap-southeast-2")
            .readOnly(true)
            .requestId("r" + i)
            .kmsKeyResource("arn:aws:kms:ap-southeast-2:111122223333:key/k1")
            .build());
      }
      trail.flushLogFiles();
      clock[0] = Clock.fixed(T0.plus(Duration.ofMinutes(121)), ZoneOffset.UTC);
      trail.writeDigests();
    }
  }

  @Test
  void validateReportsAnUntouchedTrailValid() {
    Run r = run("trail", "validate", "--trail-dir", root.toString(), "--start-time", "2026-11-27T15:00:00Z",
        "--end-time", "2026-11-27T17:01:00Z", "--verbose");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Results requested for 2026-11-27T15:00:00Z to 2026-11-27T17:01:00Z")
        .contains("2/2 digest files valid").contains("1/1 log files valid").contains("\tvalid");
  }

  @Test
  void validateExitsNonZeroAndNamesADeletedLogFile() throws Exception {
    Path log;
    try (Stream<Path> walk = Files.walk(root.resolve("AWSLogs/111122223333/CloudTrail"))) {
      // The first delivery's file (named for 15:00), which the 16:00 digest lists; close() also
      // delivered StopLogging at 17:01, in a file no digest covers yet.
      log = walk.filter(p -> p.toString().endsWith(".json.gz")).sorted().findFirst().orElseThrow();
    }
    Files.delete(log);
    Run r = run("trail", "validate", "--trail-dir", root.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("Log file\ts3://keywatch-trail/").contains("INVALID: not found");
    assertThat(r.out()).contains("0/1 log files valid, 1/1 log files INVALID");
  }

  @Test
  void lookupPagesAsJsonAndPrintsATable() throws Exception {
    Run first = run("trail", "lookup", "--trail-dir", root.toString(), "--event-name", "Decrypt", "--max-results", "1");
    assertThat(first.exit()).as(first.err()).isZero();
    JsonNode page = new ObjectMapper().readTree(first.out());
    assertThat(page.get("Events")).hasSize(1);
    assertThat(page.get("Events").get(0).get("EventName").asText()).isEqualTo("Decrypt");
    String token = page.get("NextToken").asText();
    Run second = run("trail", "lookup", "--trail-dir", root.toString(), "--event-name", "Decrypt", "--max-results", "1",
        "--next-token", token);
    JsonNode page2 = new ObjectMapper().readTree(second.out());
    assertThat(page2.get("Events")).hasSize(1);
    assertThat(page2.has("NextToken")).isFalse();

    Run table = run("trail", "lookup", "--trail-dir", root.toString(), "--read-only", "true", "--output", "table");
    assertThat(table.out()).contains("EventTime").contains("Encrypt").contains("Alice");
  }

  @Test
  void exportPublicKeyPrintsPem() {
    Run r = run("trail", "export-public-key", "--trail-dir", root.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("-----BEGIN PUBLIC KEY-----").contains("-----END PUBLIC KEY-----");
    assertThat(r.err()).matches("(?s)fingerprint [0-9a-f]{32}\\s*");
  }

  @Test
  void everyTrailCommandHasHelp() {
    for (String sub : new String[] {"validate", "lookup", "export-public-key"}) {
      Run r = run("trail", sub, "--help");
      assertThat(r.exit()).isZero();
      assertThat(r.out()).contains("--trail-dir");
    }
  }
}
