package keywatch.watch.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import keywatch.watch.event.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {
  @TempDir Path dir;

  static String record(String time, String name) {
    return "{\"eventVersion\":\"1.08\",\"eventTime\":\"" + time + "\",\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"" + name
        + "\",\"requestParameters\":{\"eventTime\":\"nested, not the record's\"},\"resources\":[{\"ARN\":\"x\"}]}";
  }

  static String file(String... records) {
    return "{\"Records\":[" + String.join(",", records) + "]}";
  }

  static void gzip(Path p, String text) throws IOException {
    Files.createDirectories(p.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  static List<LogEvent> all(LogEventSource s) throws IOException {
    List<LogEvent> out = new ArrayList<>();
    try (s) {
      LogEvent e;
      while ((e = s.next()) != null) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void cloudTrailFileEachRecordOneEventAtItsEventTime() throws IOException {
    Path f = dir.resolve("a.json");
    Files.writeString(f, "  " + file(record("2026-11-27T10:00:01Z", "Decrypt"), record("2026-11-27T10:00:02Z", "Encrypt")));
    List<LogEvent> events = all(Inputs.open(f, InputFormat.AUTO, 0));
    assertThat(events).hasSize(2);
    assertThat(events.get(0).timestampMillis()).isEqualTo(Instant.parse("2026-11-27T10:00:01Z").toEpochMilli());
    assertThat(events.get(0).message()).isEqualTo(record("2026-11-27T10:00:01Z", "Decrypt"));
    assertThat(events.get(1).message()).contains("\"Encrypt\"");
  }

  @Test
  void gzippedFileAndOtherTopLevelKeys() throws IOException {
    Path f = dir.resolve("a.json.gz");
    gzip(f, "{\"Records\":[" + record("2026-11-27T10:00:01.250Z", "Decrypt") + "],\"other\":1}");
    List<LogEvent> events = all(Inputs.open(f, InputFormat.AUTO, 0));
    assertThat(events).extracting(LogEvent::timestampMillis).containsExactly(Instant.parse("2026-11-27T10:00:01.250Z").toEpochMilli());
  }

  @Test
  void s3TreeInDeliveryOrderMergingFilesOfTheSameMinuteAndSkippingDigests() throws IOException {
    Path base = dir.resolve("AWSLogs/111122223333");
    gzip(base.resolve("CloudTrail/us-east-1/2026/11/27/111122223333_CloudTrail_us-east-1_20261127T1005Z_b.json.gz"),
        file(record("2026-11-27T10:05:01Z", "E1"), record("2026-11-27T10:05:03Z", "E3")));
    gzip(base.resolve("CloudTrail/eu-west-1/2026/11/27/111122223333_CloudTrail_eu-west-1_20261127T1005Z_a.json.gz"),
        file(record("2026-11-27T10:05:02Z", "E2"), record("2026-11-27T10:05:04Z", "E4")));
    gzip(base.resolve("CloudTrail/us-east-1/2026/11/27/111122223333_CloudTrail_us-east-1_20261127T1000Z_c.json.gz"),
        file(record("2026-11-27T10:00:00Z", "E0")));
    gzip(base.resolve("CloudTrail-Digest/us-east-1/2026/11/27/111122223333_CloudTrail-Digest_us-east-1_x_20261127T1100Z.json.gz"),
        "{\"awsAccountId\":\"111122223333\"}");
    LogEventSource s = Inputs.open(dir, InputFormat.AUTO, 0);
    assertThat(s.totalBytes()).isPositive();
    List<LogEvent> events = all(s);
    assertThat(events).extracting(e -> e.message().replaceAll(".*\"eventName\":\"(E\\d)\".*", "$1"))
        .containsExactly("E0", "E1", "E2", "E3", "E4");
  }

  @Test
  void prettyPrintedEscapesAndRecordsLargerThanTheBuffer() throws IOException {
    String big = "x".repeat(300_000);
    String r1 = "{\n  \"userAgent\" : \"a \\\" } ] { [ b\\\\\",\n  \"eventTime\" : \"2026-11-27T10:00:01Z\",\n  \"blob\": \"" + big + "\"\n}";
    String r2 = "{\"eventTime\":\"2026-11-27T10:00:02Z\",\"eventName\":\"eventTime\",\"list\":[{\"a\":[1,2]},{}]}";
    Path f = dir.resolve("pretty.json.gz");
    gzip(f, "{\n  \"Records\" : [\n " + r1 + " ,\n " + r2 + "\n ]\n}\n");
    List<LogEvent> events = all(Inputs.open(f, InputFormat.AUTO, 0));
    assertThat(events).extracting(LogEvent::message).containsExactly(r1, r2);
    assertThat(events).extracting(LogEvent::timestampMillis).containsExactly(
        Instant.parse("2026-11-27T10:00:01Z").toEpochMilli(), Instant.parse("2026-11-27T10:00:02Z").toEpochMilli());
    com.fasterxml.jackson.databind.JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(events.get(0).message());
    assertThat(parsed.get("userAgent").asText()).isEqualTo("a \" } ] { [ b\\");
  }

  /**
   * The record scanner skips string contents eight bytes at a time and refills its buffer
   * mid-record; a stream that hands out a few bytes per read puts a buffer end at every position
   * (inside escapes, multi-byte UTF-8, the eventTime key and value), and the records must come out
   * unchanged whatever the cut.
   */
  @Test
  void recordsSurviveABufferEndAtEveryPosition() throws IOException {
    List<String> records = List.of(
        "{\"eventTime\":\"2026-11-27T10:00:01Z\",\"ua\":\"quote \\\" back \\\\ \\\\\\\" uni \\u00e9 é € 😀 } ] [ {\"}",
        "{ \"a\" : [ {\"b\":\"\\\\\"} , [] ] , \"eventTime\" :  \"2026-11-27T10:00:02Z\" , \"c\":\"12345678\\\"12345678\"}",
        "{\"x\":\"\",\"y\":\"\\\\\\\\\",\"eventTime\":\"2026-11-27T10:00:03Z\"}");
    byte[] bytes = file(records.toArray(new String[0])).getBytes(StandardCharsets.UTF_8);
    for (int chunk = 1; chunk <= 9; chunk++) {
      int per = chunk;
      java.io.InputStream trickle = new ByteArrayInputStream(bytes) {
        @Override
        public synchronized int read(byte[] b, int off, int len) {
          return super.read(b, off, Math.min(len, per));
        }

        @Override
        public synchronized int available() {
          return 0;
        }
      };
      List<LogEvent> events = all(Inputs.stream(trickle, -1, InputFormat.CLOUDTRAIL, 0));
      assertThat(events).extracting(LogEvent::message).as("%d bytes per read", per).containsExactlyElementsOf(records);
      assertThat(events).extracting(LogEvent::timestampMillis).containsExactly(
          Instant.parse("2026-11-27T10:00:01Z").toEpochMilli(), Instant.parse("2026-11-27T10:00:02Z").toEpochMilli(),
          Instant.parse("2026-11-27T10:00:03Z").toEpochMilli());
    }
  }

  @Test
  void malformedCloudTrailFilesAreReported() throws IOException {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"Records\":[{\"eventTime\":\"2026-11-27T10:00:01Z\"");
    try (LogEventSource s = Inputs.open(f, InputFormat.CLOUDTRAIL, 0)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(s::next).isInstanceOf(IOException.class).hasMessageContaining("truncated");
    }
    Path g = dir.resolve("notrail.json");
    Files.writeString(g, "{\"other\":[1,2]}");
    try (LogEventSource s = Inputs.open(g, InputFormat.CLOUDTRAIL, 0)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(s::next).isInstanceOf(IOException.class).hasMessageContaining("no Records array");
    }
  }

  @Test
  void jsonLinesAndTextLines() throws IOException {
    String lines = "{\"eventTime\":\"2026-11-27T10:00:01Z\",\"a\":1}\n\n{\"timestamp\":1700000000000,\"b\":2}\n{\"c\":3}\n";
    List<LogEvent> json = all(Inputs.stream(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), -1, InputFormat.AUTO, 7));
    assertThat(json).extracting(LogEvent::timestampMillis)
        .containsExactly(Instant.parse("2026-11-27T10:00:01Z").toEpochMilli(), 1_700_000_000_000L, 1_700_000_000_000L);
    String text = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326\nsecond line\n";
    List<LogEvent> plain = all(Inputs.stream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), -1, InputFormat.AUTO, 7));
    assertThat(plain).extracting(LogEvent::message).containsExactly(
        "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326", "second line");
    assertThat(plain).extracting(LogEvent::timestampMillis).containsOnly(7L);
    String stamped = "2026-11-27T10:00:01Z ERROR one\nno time: the previous one's\n2026-11-27T10:00:02.250Z ERROR two\n";
    List<LogEvent> timed = all(Inputs.stream(new ByteArrayInputStream(stamped.getBytes(StandardCharsets.UTF_8)), -1, InputFormat.TEXT, 7));
    assertThat(timed).extracting(LogEvent::timestampMillis).containsExactly(
        Instant.parse("2026-11-27T10:00:01Z").toEpochMilli(), Instant.parse("2026-11-27T10:00:01Z").toEpochMilli(),
        Instant.parse("2026-11-27T10:00:02.250Z").toEpochMilli());
    assertThat(timed.get(0).message()).isEqualTo("2026-11-27T10:00:01Z ERROR one");
  }

  /** {@code zcat *.json.gz | keywatch replay -}: one file after another on standard input. */
  @Test
  void concatenatedCloudTrailFilesOnStandardInput() throws IOException {
    String a = file(record("2026-11-27T10:00:01Z", "Decrypt"), record("2026-11-27T10:00:02Z", "Encrypt"));
    String b = "{\"Records\":[" + record("2026-11-27T10:00:03Z", "Decrypt") + "],\"other\":{\"x\":\"]}\"}}";
    String c = file(record("2026-11-27T10:00:04Z", "DisableKey"));
    String zcat = a + "\n" + b + c + "\n";
    List<LogEvent> events = all(Inputs.stream(new ByteArrayInputStream(zcat.getBytes(StandardCharsets.UTF_8)), -1, InputFormat.AUTO, 0));
    assertThat(events).extracting(LogEvent::timestampMillis).containsExactly(
        Instant.parse("2026-11-27T10:00:01Z").toEpochMilli(), Instant.parse("2026-11-27T10:00:02Z").toEpochMilli(),
        Instant.parse("2026-11-27T10:00:03Z").toEpochMilli(), Instant.parse("2026-11-27T10:00:04Z").toEpochMilli());
    // cat *.json.gz: gzip members one after another.
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    for (String f : List.of(a, c)) {
      try (OutputStream out = new GZIPOutputStream(gz) {
        @Override
        public void close() throws IOException {
          finish(); // keep the shared stream open for the next member
        }
      }) {
        out.write(f.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(all(Inputs.stream(new ByteArrayInputStream(gz.toByteArray()), -1, InputFormat.AUTO, 0))).hasSize(3);
  }

  @Test
  void gzippedStandardInput() throws IOException {
    Path f = dir.resolve("x.json.gz");
    gzip(f, file(record("2026-11-27T10:00:01Z", "Decrypt")));
    List<LogEvent> events = all(Inputs.stream(Files.newInputStream(f), -1, InputFormat.AUTO, 0));
    assertThat(events).hasSize(1);
  }
}
