package keywatch.server.cli;

import static keywatch.server.cli.RaisedAlarm.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import keywatch.server.config.ServerConfig;
import keywatch.server.respond.KmsResponder;
import keywatch.server.respond.ResponsePolicy;
import keywatch.server.respond.ResponseRecord;
import keywatch.server.respond.ResponseState;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.server.sdk.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DisabledException;

/**
 * {@code keywatch respond list | approve | undo} against a RUNNING keywatch, on the embedded H2
 * database (whose file the server holds) and on PostgreSQL: an alarm raised by a real failed
 * Decrypt makes a response that waits for approval; approving it through the CLI disables the key
 * inside the running server (the next Encrypt is refused), undoing it enables the key again, and
 * the trail has both admin calls and the KMS calls they caused.
 */
class RespondCommandTest {
  static final String PG_URL = System.getenv().getOrDefault("KEYWATCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  @TempDir Path dir;

  @Test
  void approveAndUndoWhileTheServerRunsOnEmbeddedH2() throws Exception {
    try (KeywatchHarness h = KeywatchHarness.start(dir)) {
      approveAndUndoWhileServing(h);
    }
  }

  @Test
  void approveAndUndoWhileTheServerRunsOnPostgres() throws Exception {
    String schema = "kw_respond_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = connect()) {
      assumeTrue(c != null || System.getenv("KEYWATCH_REQUIRE_POSTGRES") != null, "no PostgreSQL at " + PG_URL);
      if (c == null) {
        throw new IllegalStateException("no PostgreSQL at " + PG_URL + " (scripts/setup.sh starts it)");
      }
      try (Statement st = c.createStatement()) {
        st.execute("CREATE SCHEMA " + schema);
      }
      try {
        ServerConfig config = ServerConfig.forTests(dir)
            .withDatabase(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, "postgres", "");
        try (KeywatchHarness h = KeywatchHarness.start(config, new MutableClock())) {
          approveAndUndoWhileServing(h);
        }
      } finally {
        try (Statement st = c.createStatement()) {
          st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
      }
    }
  }

  static void approveAndUndoWhileServing(KeywatchHarness h) throws Exception {
    Map<String, String> admin = AdminCli.env(h.server().endpoint(), h.config().adminAccessKeyId(), h.config().adminSecretAccessKey());
    String key = h.kms().createKey(b -> b.description("watched")).keyMetadata().keyId();
    KmsResponder responder = h.server().actions().responder();
    responder.put(ResponsePolicy.disableKey(RaisedAlarm.NAME).withApproval(true));

    try (RaisedAlarm alarm = new RaisedAlarm(h.server())) {
      alarm.failDecryptAndEvaluate(h.kms(), key);
      waitFor(() -> !responder.list().isEmpty(), "the response to the alarm");

      AdminCli.Run list = AdminCli.run(admin, "respond", "list");
      assertThat(list.exit()).as(list.err()).isZero();
      String row = list.out().lines().filter(l -> l.contains(key)).findFirst().orElseThrow(() -> new AssertionError(list.out()));
      assertThat(row).contains("PENDING_APPROVAL").contains("DISABLE_KEY").contains(RaisedAlarm.NAME);
      String id = row.split("\\s+")[0];
      // waiting for approval changes nothing yet
      h.kms().encrypt(b -> b.keyId(key).plaintext(SdkBytes.fromUtf8String("x")));

      AdminCli.Run approve = AdminCli.run(admin, "respond", "approve", id);
      assertThat(approve.exit()).as(approve.err()).isZero();
      assertThat(approve.out()).contains(id + " DONE: DisableKey");
      // the same, still running server refuses the key at once: its key cache saw the change
      assertThatThrownBy(() -> h.kms().encrypt(b -> b.keyId(key).plaintext(SdkBytes.fromUtf8String("x"))))
          .isInstanceOf(DisabledException.class);
      assertThat(AdminCli.run(admin, "respond", "list").out()).contains(id).contains("DONE");

      AdminCli.Run undo = AdminCli.run(admin, "respond", "undo", id);
      assertThat(undo.exit()).as(undo.err()).isZero();
      assertThat(undo.out()).contains(id + " UNDONE: EnableKey");
      h.kms().encrypt(b -> b.keyId(key).plaintext(SdkBytes.fromUtf8String("x")));
      assertThat(responder.list()).extracting(ResponseRecord::state).containsExactly(ResponseState.UNDONE);

      // the trail: who approved and undid (the root's key), and the KMS calls made as keywatch-responder
      waitFor(() -> adminRecord(alarm, "UndoResponse") != null && kmsRecord(alarm, "EnableKey", id) != null, "the trail records");
      ObjectNode approved = adminRecord(alarm, "ApproveResponse");
      assertThat(approved.at("/userIdentity/accessKeyId").asText()).isEqualTo(h.config().adminAccessKeyId());
      assertThat(approved.at("/userIdentity/type").asText()).isEqualTo("Root");
      assertThat(approved.at("/requestParameters/responseId").asText()).isEqualTo(id);
      assertThat(approved.path("readOnly").asBoolean()).isFalse();
      assertThat(approved.has("errorCode")).isFalse();
      assertThat(adminRecord(alarm, "UndoResponse").at("/requestParameters/responseId").asText()).isEqualTo(id);
      ObjectNode disabled = kmsRecord(alarm, "DisableKey", id);
      assertThat(disabled).isNotNull();
      assertThat(disabled.at("/userIdentity/arn").asText()).contains("assumed-role/keywatch-responder/");
      assertThat(disabled.path("userAgent").asText()).contains("undo=false");
      assertThat(kmsRecord(alarm, "EnableKey", id).path("userAgent").asText()).contains("undo=true");

      // the alarm's notification to the lab topic's outbox is in the delivery status, from the database
      waitFor(() -> h.server().actions().topics().deliveries().statuses().values().stream().anyMatch(s -> s.delivered() > 0),
          "the alarm's notification delivered");
      AdminCli.Run status = AdminCli.run(admin, "notify", "status");
      assertThat(status.exit()).as(status.err()).isZero();
      assertThat(status.out()).contains("outbox").contains("DELIVERED");
    }
  }

  private static ObjectNode adminRecord(RaisedAlarm alarm, String eventName) {
    return alarm.records.stream().filter(r -> r.path("eventSource").asText().equals("keywatch.amazonaws.com")
        && r.path("eventName").asText().equals(eventName)).findFirst().orElse(null);
  }

  private static ObjectNode kmsRecord(RaisedAlarm alarm, String eventName, String responseId) {
    return alarm.records.stream().filter(r -> r.path("eventName").asText().equals(eventName)
        && r.path("userAgent").asText().contains("response=" + responseId)).findFirst().orElse(null);
  }

  private static Connection connect() {
    try {
      return DriverManager.getConnection(PG_URL, "postgres", "");
    } catch (SQLException e) {
      return null;
    }
  }

  @Test
  void helpSaysHowToPointItAtTheServer() {
    AdminCli.Run help = AdminCli.run(Map.of(), "respond", "--help");
    assertThat(help.out()).contains("--endpoint-url").contains("KEYWATCH_ENDPOINT").contains("AWS_ENDPOINT_URL")
        .contains("AWS_ACCESS_KEY_ID").contains("AWS_SECRET_ACCESS_KEY").contains("RUNNING");
    assertThat(AdminCli.run(Map.of(), "respond", "list", "--help").out()).contains("--endpoint-url");
  }

  @Test
  void withoutCredentialsOrServerItSaysSo() {
    AdminCli.Run none = AdminCli.run(Map.of(), "respond", "list");
    assertThat(none.exit()).isEqualTo(IamCommand.EXIT_NO_CREDENTIALS);
    assertThat(none.err()).contains("AWS_ACCESS_KEY_ID");
    AdminCli.Run down = AdminCli.run(AdminCli.env("http://127.0.0.1:1", "AKIAEXAMPLEEXAMPLE12", "x".repeat(40)), "respond", "list");
    assertThat(down.exit()).isEqualTo(IamCommand.EXIT_UNREACHABLE);
    assertThat(down.err()).contains("not running at http://127.0.0.1:1");
  }

  static List<String> ids(String listOutput) {
    return listOutput.lines().skip(1).map(l -> l.split("\\s+")[0]).toList();
  }
}
