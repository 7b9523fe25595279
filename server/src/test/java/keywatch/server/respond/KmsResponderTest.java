package keywatch.server.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.watch.action.AlarmChangesForServer;
import keywatch.watch.action.EvidenceRecord;
import keywatch.watch.alarm.AlarmStateChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.KeyState;

/** Responses against a real keywatch, checked through the AWS SDK as any client would see them. */
class KmsResponderTest {
  static final String APP_ROLE = "arn:aws:iam::111122223333:role/pattern1-app-Pattern1ECSTaskRole";
  @TempDir Path dir;
  KeywatchHarness harness;
  KmsClient kms;
  KmsResponder responder;

  @BeforeEach
  void start() throws Exception {
    harness = KeywatchHarness.start(dir);
    kms = harness.kms();
    responder = harness.server().actions().responder();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  String newKey() {
    return kms.createKey(b -> b.description("app key")).keyMetadata().arn();
  }

  static List<EvidenceRecord> evidence(String... keyArns) {
    List<EvidenceRecord> out = new ArrayList<>();
    for (String k : keyArns) {
      out.add(new EvidenceRecord("2026-11-27T16:00:05Z", APP_ROLE, "ASIAEXAMPLE", k, "kms.amazonaws.com", "Decrypt",
          "IncorrectKeyException", "10.0.0.7", "e-" + k.hashCode()));
    }
    return out;
  }

  static AlarmStateChange alarm(String name) {
    AlarmStateChange c = AlarmChangesForServer.labAlarm(null);
    return new AlarmStateChange(name, c.alarmDescription(), c.accountId(), c.region(), c.alarmArn(), c.alarmConfigurationUpdatedTimestamp(),
        c.oldState(), c.newState(), c.newStateReason(), c.newStateReasonData(), c.stateChangeTime(), c.okActions(), c.alarmActions(),
        c.insufficientDataActions(), c.trigger());
  }

  void encrypt(String key) {
    kms.encrypt(b -> b.keyId(key).plaintext(SdkBytes.fromUtf8String("secret")));
  }

  @Test
  void onAlarmTheKeyIsDisabledAndUndoEnablesItAgain() {
    String key = newKey();
    responder.put(ResponsePolicy.disableKey("lab"));

    responder.respond(alarm("lab"), evidence(key));

    assertThatThrownBy(() -> encrypt(key)).isInstanceOf(DisabledException.class);
    ResponseRecord r = responder.list().get(0);
    assertThat(r.state()).isEqualTo(ResponseState.DONE);
    assertThat(r.action()).isEqualTo(ResponseAction.DISABLE_KEY);
    assertThat(r.keyArn()).isEqualTo(key);
    assertThat(r.alarmName()).isEqualTo("lab");
    assertThat(KmsResponder.userAgent(r, false)).contains("alarm=\"lab\"").contains(r.id());

    ResponseRecord undone = responder.undo(r.id());

    assertThat(undone.state()).isEqualTo(ResponseState.UNDONE);
    encrypt(key);
    assertThat(kms.describeKey(b -> b.keyId(key)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
    assertThatThrownBy(() -> responder.undo(r.id())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void dryRunAndApprovalChangeNothingUntilApproved() {
    String key = newKey();
    responder.put(ResponsePolicy.disableKey("dry").withDryRun(true));
    responder.put(ResponsePolicy.disableKey("approve").withApproval(true));

    responder.respond(alarm("dry"), evidence(key));
    responder.respond(alarm("approve"), evidence(key));

    encrypt(key);
    assertThat(responder.list()).extracting(ResponseRecord::state)
        .containsExactlyInAnyOrder(ResponseState.DRY_RUN, ResponseState.PENDING_APPROVAL);
    ResponseRecord pending = responder.list().stream().filter(x -> x.state() == ResponseState.PENDING_APPROVAL).findFirst().orElseThrow();

    ResponseRecord approved = responder.approve(pending.id());

    assertThat(approved.state()).isEqualTo(ResponseState.DONE);
    assertThatThrownBy(() -> encrypt(key)).isInstanceOf(DisabledException.class);
  }

  @Test
  void denyPrincipalAppendsAStatementAndUndoRemovesIt() {
    String key = newKey();
    responder.put(ResponsePolicy.disableKey("deny").withActions(List.of(ResponseAction.DENY_PRINCIPAL)));

    responder.respond(alarm("deny"), evidence(key));

    String policy = kms.getKeyPolicy(b -> b.keyId(key).policyName("default")).policy();
    assertThat(policy).contains(KmsResponder.DENY_SID_PREFIX).contains(APP_ROLE).contains("\"Deny\"");
    ResponseRecord r = responder.list().get(0);
    assertThat(r.state()).isEqualTo(ResponseState.DONE);

    responder.undo(r.id());

    assertThat(kms.getKeyPolicy(b -> b.keyId(key).policyName("default")).policy()).doesNotContain(KmsResponder.DENY_SID_PREFIX);
    encrypt(key);
  }

  @Test
  void rateLimitAndAllowListHoldUnderABurstOfAlarms() throws Exception {
    List<String> keys = List.of(newKey(), newKey(), newKey(), newKey(), newKey());
    String protectedKey = keys.get(2);
    String protectedId = protectedKey.substring(protectedKey.lastIndexOf('/') + 1);
    for (int i = 0; i < 8; i++) {
      responder.put(ResponsePolicy.disableKey("burst-" + i).withLimits(Duration.ofMinutes(5), 2, Set.of(protectedId)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String name = "burst-" + (i % 8);
        fs.add(pool.submit(() -> responder.respond(alarm(name), evidence(keys.toArray(String[]::new)))));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    long disabled = keys.stream()
        .filter(k -> kms.describeKey(b -> b.keyId(k)).keyMetadata().keyState() == KeyState.DISABLED).count();
    assertThat(disabled).isEqualTo(2);
    assertThat(kms.describeKey(b -> b.keyId(protectedKey)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(responder.list()).filteredOn(x -> x.state() == ResponseState.DONE).hasSize(2);
    assertThat(responder.list()).filteredOn(x -> x.keyArn().equals(protectedKey))
        .allMatch(x -> x.state() == ResponseState.SKIPPED_ALLOW_LIST);
    assertThat(responder.list()).anyMatch(x -> x.state() == ResponseState.SKIPPED_RATE_LIMIT);
  }

  @Test
  void deactivateAccessKeyAndUndo() {
    var ids = harness.server().identities();
    ids.putUser(new keywatch.iam.principal.User(KeywatchHarness.ACCOUNT, "mallory", "AIDAMALLORY", java.time.Instant.now(), java.util.Map.of()));
    ids.putAccessKey(new keywatch.iam.principal.AccessKey("AKIAMALLORY000000001", KeywatchHarness.ACCOUNT, "mallory", true,
        java.time.Instant.now(), "secret-of-mallory"));
    responder.put(ResponsePolicy.disableKey("cut").withActions(List.of(ResponseAction.DEACTIVATE_ACCESS_KEY)));
    EvidenceRecord e = new EvidenceRecord("2026-11-27T16:00:05Z", "arn:aws:iam::111122223333:user/mallory", "AKIAMALLORY000000001",
        "some-key", "kms.amazonaws.com", "Decrypt", "AccessDeniedException", "203.0.113.9", "e1");

    responder.respond(alarm("cut"), List.of(e));

    assertThat(ids.accessKey("AKIAMALLORY000000001")).get().extracting(keywatch.iam.principal.AccessKey::active).isEqualTo(false);
    ResponseRecord r = responder.list().get(0);
    assertThat(r.state()).isEqualTo(ResponseState.DONE);
    responder.undo(r.id());
    assertThat(ids.accessKey("AKIAMALLORY000000001")).get().extracting(keywatch.iam.principal.AccessKey::active).isEqualTo(true);
  }

  @Test
  void theServiceRoleExistsWithOnlyTheResponsePolicy() {
    var role = harness.server().identities().role(KeywatchHarness.ACCOUNT, ServiceRole.ROLE_NAME).orElseThrow();
    assertThat(role.policies()).containsOnlyKeys("keywatch-responses");
    assertThat(role.policies().get("keywatch-responses")).contains("kms:DisableKey").doesNotContain("kms:Encrypt");
  }
}
