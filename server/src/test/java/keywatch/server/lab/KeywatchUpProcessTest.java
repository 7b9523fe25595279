package keywatch.server.lab;

import static keywatch.server.lab.LabFiles.await;
import static keywatch.server.lab.LabFiles.jsonLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import keywatch.server.cli.Main;
import keywatch.server.config.TrailSettings;
import keywatch.trail.Trail;
import keywatch.trail.TrailConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keywatch up} as a separate process, exactly as a user starts it (OS-chosen ports, email
 * through GreenMail), then the lab's own curl sequence, the alarm, the notification by outbox and
 * email, the trail records of the app's role, {@code keywatch down}, and the trail validating.
 */
class KeywatchUpProcessTest {
  static final String ROLE_ARN = "arn:aws:iam::111122223333:role/pattern1-app-Pattern1ECSTaskRole";

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  @TempDir Path tmp;

  @Test
  void theLabAsAUserRunsIt() throws Exception {
    Path data = tmp.resolve("lab");
    Path log = tmp.resolve("up.log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "keywatch.server.cli.Main",
        "up", "--data-dir", data.toString(), "--port", "0", "--app-port", "0");
    pb.environment().putAll(Map.of("KEYWATCH_SMTP_HOST", "127.0.0.1",
        "KEYWATCH_SMTP_PORT", Integer.toString(greenMail.getSmtp().getPort()), "KEYWATCH_SMTP_TLS", "none",
        "KEYWATCH_SMTP_FROM", "keywatch@example.test", "KEYWATCH_LAB_EMAIL", "secops@example.test"));
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process up = pb.start();
    try {
      JsonNode state = await(Duration.ofSeconds(120), "up.json (log: " + log + ")", () -> {
        if (!up.isAlive()) {
          throw new AssertionError("keywatch up exited " + up.exitValue() + ": " + read(log));
        }
        Path f = data.resolve("up.json");
        try {
          return Files.exists(f) ? LabFiles.JSON.readTree(f.toFile()) : null;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      assertThat(state.path("pid").asLong()).isEqualTo(up.pid());
      String app = state.path("appUrl").asText();
      String key = state.path("keyId").asText();
      String printed = read(log);
      assertThat(printed).contains("--data '{\"Name\":\"Andy Jassy\",\"Key\":\"" + key + "\"}' " + app + "/decrypt")
          .contains("keywatch down").doesNotContain(state.path("runnerAccessKeyId").asText() + " AWS_SECRET");

      // The lab's email subscription: follow the confirmation link of the first mail.
      assertThat(greenMail.waitForIncomingEmail(30_000, 1)).isTrue();
      MimeMessage confirmation = greenMail.getReceivedMessages()[0];
      Matcher link = Pattern.compile("(http://\\S+/sns/confirm\\?\\S+)").matcher((String) confirmation.getContent());
      assertThat(link.find()).isTrue();
      HttpResponse<String> confirmed = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(link.group(1))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(confirmed.statusCode()).isEqualTo(200);

      // The lab's curl commands, verbatim but for the URL and the key id.
      assertThat(curl("POST", "{\"Name\":\"Andy Jassy\",\"Text\":\"Welcome to ReInvent 2020!\"}", app + "/encrypt"))
          .isEqualTo("{\"Message\":\"Data encrypted and stored, keep your key save\",\"Key\":\"" + key + "\"}");
      assertThat(curl("GET", "{\"Name\":\"Andy Jassy\",\"Key\":\"" + key + "\"}", app + "/decrypt"))
          .isEqualTo("{\"Text\":\"Welcome to ReInvent 2020!\"}");
      for (int i = 0; i < 3; i++) {
        assertThat(curl("GET", "{\"Name\":\"Andy Jassy\",\"Key\":\"some-random-false-key\"}", app + "/decrypt"))
            .isEqualTo("{\"Message\":\"Data decryption failed, make sure you have the correct key\"}");
      }

      Path history = Path.of(state.path("alarmHistory").asText());
      JsonNode alarm = await(Duration.ofSeconds(30), "ALARM in " + history, () -> jsonLines(history).stream()
          .filter(l -> l.path("newState").asText().equals("ALARM")).findFirst().orElse(null));
      assertThat(alarm.path("alarmName").asText()).isEqualTo("Pattern1ApplicationKMSSecurityAlarm");
      Path outbox = Path.of(state.path("outbox").asText());
      JsonNode note = await(Duration.ofSeconds(30), "the alarm in the outbox", () -> jsonLines(outbox).stream()
          .filter(l -> l.path("subject").asText().startsWith("ALARM: \"Pattern1ApplicationKMSSecurityAlarm\"")).findFirst()
          .orElse(null));
      assertThat(note.path("topicArn").asText()).endsWith(":pattern1-logging-topic");
      assertThat(greenMail.waitForIncomingEmail(30_000, 2)).isTrue();
      assertThat(greenMail.getReceivedMessages()[1].getSubject())
          .isEqualTo("ALARM: \"Pattern1ApplicationKMSSecurityAlarm\" in US East (N. Virginia)");

      // keywatch down: graceful stop, the trail closed.
      Out down = run("down", "--data-dir", data.toString());
      assertThat(down.code).as(down.text).isZero();
      assertThat(up.isAlive()).isFalse();
      assertThat(read(log)).contains("keywatch up: stopped");

      Path trailDir = Path.of(state.path("trailDir").asText());
      List<JsonNode> records = LabFiles.trailRecords(trailDir);
      List<JsonNode> failed = new ArrayList<>();
      for (JsonNode r : records) {
        if (r.path("eventName").asText().equals("Decrypt") && r.has("errorCode")) {
          failed.add(r);
        }
      }
      assertThat(failed).hasSize(3).allSatisfy(r -> {
        assertThat(r.path("userIdentity").path("type").asText()).isEqualTo("AssumedRole");
        assertThat(r.path("userIdentity").path("sessionContext").path("sessionIssuer").path("arn").asText()).isEqualTo(ROLE_ARN);
        assertThat(r.path("eventSource").asText()).isEqualTo("kms.amazonaws.com");
      });
      assertThat(records).anySatisfy(r -> assertThat(r.path("eventName").asText()).isEqualTo("AssumeRole"));

      // Digests are hourly, as CloudTrail's: an hour later the trail's digest covers these files.
      Clock hourLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
      Trail.open(TrailConfig.of(trailDir, "111122223333", "us-east-1", TrailSettings.TRAIL_NAME)
          .withLogGroupName("pattern1-logging-loggroup"), hourLater).close();
      Out validate = run("trail", "validate", "--trail-dir", trailDir.toString(),
          "--end-time", Instant.now().plus(Duration.ofHours(2)).toString());
      assertThat(validate.code).as(validate.text).isZero();
      assertThat(validate.text).contains("valid").doesNotContain("No digests found").doesNotContain("INVALID");
      System.out.println(validate.text);

      Out reset = run("down", "--data-dir", data.toString(), "--reset");
      assertThat(reset.code).as(reset.text).isZero();
      assertThat(data).doesNotExist();
    } finally {
      up.destroyForcibly();
    }
  }

  /** {@code keywatch lab} against a running up: the report from its files, then refusal of --runs. */
  @Test
  void labAgainstARunningUp() throws Exception {
    Path data = tmp.resolve("lab2");
    Path log = tmp.resolve("up2.log");
    Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "keywatch.server.cli.Main",
        "up", "--data-dir", data.toString(), "--port", "0", "--app-port", "0")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      await(Duration.ofSeconds(120), "up.json (log: " + log + ")", () -> {
        if (!up.isAlive()) {
          throw new AssertionError("keywatch up exited " + up.exitValue() + ": " + read(log));
        }
        return Files.exists(data.resolve("up.json")) ? Boolean.TRUE : null;
      });
      Out lab = run("lab", "--data-dir", data.toString());
      assertThat(lab.code).as(lab.text).isZero();
      assertThat(lab.text).doesNotContain("starting the lab's stack in this process")
          .contains("-> 200 {\"Text\":\"Welcome to ReInvent 2020!\"}")
          .contains("-> ALARM")
          .contains("Decrypt  NotFoundException  by " + ROLE_ARN)
          .containsPattern("Sum [23]\\.0")
          .contains("to ALARM:").contains("to notification:");
      assertThat(run("lab", "--data-dir", data.toString(), "--runs", "3").code).isEqualTo(2);
      assertThat(run("down", "--data-dir", data.toString(), "--reset").code).isZero();
      assertThat(data).doesNotExist();
    } finally {
      up.destroyForcibly();
    }
  }

  /** The lab's curl, with Debian's real curl when there is one. */
  static String curl(String method, String body, String url) throws Exception {
    if (Files.isExecutable(Path.of("/usr/bin/curl"))) {
      Process p = new ProcessBuilder("/usr/bin/curl", "-s", "--header", "Content-Type: application/json", "--request", method,
          "--data", body, url).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).isZero();
      return out;
    }
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  record Out(int code, String text) {}

  static Out run(String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
    int code;
    System.setOut(ps);
    try {
      picocli.CommandLine cl = Main.commandLine();
      cl.setOut(new java.io.PrintWriter(ps, true));
      cl.setErr(new java.io.PrintWriter(ps, true));
      code = cl.execute(args);
    } finally {
      System.setOut(old);
    }
    return new Out(code, buf.toString(StandardCharsets.UTF_8));
  }

  static String read(Path f) {
    try {
      return Files.exists(f) ? Files.readString(f) : "";
    } catch (Exception e) {
      return e.toString();
    }
  }
}
