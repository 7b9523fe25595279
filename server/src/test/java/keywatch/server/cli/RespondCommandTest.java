package keywatch.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import keywatch.server.respond.ResponsePolicy;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.watch.action.AlarmChangesForServer;
import keywatch.watch.action.EvidenceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.KeyState;

/** {@code keywatch respond list} and {@code respond undo} on a data directory a responder acted in. */
class RespondCommandTest {
  @TempDir Path dir;

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

  @Test
  void listShowsTheResponseAndUndoReEnablesTheKey() throws Exception {
    KeywatchHarness h = KeywatchHarness.start(dir);
    try (h) {
      String key = h.kms().createKey(b -> b.description("k")).keyMetadata().arn();
      h.server().actions().responder().put(ResponsePolicy.disableKey(AlarmChangesForServer.NAME));
      h.server().actions().responder().respond(AlarmChangesForServer.labAlarm(null), List.of(new EvidenceRecord(
          "2026-11-27T16:00:05Z", "arn:aws:iam::111122223333:role/app", null, key, "kms.amazonaws.com", "Decrypt",
          "IncorrectKeyException", "10.0.0.7", "e1")));
      assertThat(h.kms().describeKey(b -> b.keyId(key)).keyMetadata().keyState()).isEqualTo(KeyState.DISABLED);
      h.shutdown(); // the embedded database is one process's at a time

      Run list = run("respond", "list", "--data-dir", dir.toString());
      assertThat(list.exit()).isZero();
      assertThat(list.out()).contains("DISABLE_KEY").contains("DONE").contains(AlarmChangesForServer.NAME).contains(key);
      String id = list.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];

      Run undo = run("respond", "undo", id, "--data-dir", dir.toString());
      assertThat(undo.exit()).as(undo.err()).isZero();
      assertThat(undo.out()).contains("UNDONE").contains("EnableKey");
      assertThat(run("respond", "undo", id, "--data-dir", dir.toString()).exit()).isEqualTo(1);

      h.restart();
      h.kms().encrypt(b -> b.keyId(key).plaintext(SdkBytes.fromUtf8String("x")));
    }
  }

  @Test
  void notifyShowsTheLabSubscriptionAndTheOutbox() throws Exception {
    try (KeywatchHarness h = KeywatchHarness.start(dir)) {
      String topic = "arn:aws:sns:us-east-1:111122223333:pattern1-logging-topic";
      h.server().actions().alarmActions().stateChanged(AlarmChangesForServer.labAlarm(topic));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (h.server().actions().outbox().recent().isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    }
    Run subs = run("notify", "subscriptions", "--data-dir", dir.toString());
    assertThat(subs.out()).contains("pattern1-logging-topic").contains("OUTBOX");
    Run outbox = run("notify", "outbox", "--data-dir", dir.toString());
    assertThat(outbox.exit()).isZero();
    assertThat(outbox.out()).contains("ALARM: \"Pattern1ApplicationKMSSecurityAlarm\" in US East (N. Virginia)");
    assertThat(run("notify", "dead-letters", "--data-dir", dir.toString()).out()).isEmpty();
  }
}
