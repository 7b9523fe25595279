package keywatch.server.respond;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import keywatch.iam.principal.AccessKey;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.User;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.trail.TrailConfig;
import keywatch.trail.lookup.EventLookup;
import keywatch.watch.action.EvidenceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deactivate-access-key response and its undo are IAM UpdateAccessKey calls by keywatch's
 * service role, in the trail like anyone's, naming the alarm and the response in their userAgent;
 * and when the trail cannot record them they fail and leave the key as it was.
 */
class AccessKeyResponseTrailTest {
  static final String ACCOUNT = KeywatchHarness.ACCOUNT;
  static final String KEY_ID = "AKIAMALLORY000000001";

  @TempDir Path dir;
  KeywatchHarness harness;
  KmsResponder responder;
  IdentityStore identities;

  @BeforeEach
  void start() throws Exception {
    harness = KeywatchHarness.start(dir);
    responder = harness.server().actions().responder();
    identities = harness.server().identities();
    identities.putUser(new User(ACCOUNT, "mallory", "AIDAMALLORY", Instant.now(), Map.of()));
    identities.putAccessKey(new AccessKey(KEY_ID, ACCOUNT, "mallory", true, Instant.now(), "secret-of-mallory-0123456789"));
    responder.put(ResponsePolicy.disableKey("cut-off").withActions(List.of(ResponseAction.DEACTIVATE_ACCESS_KEY)));
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  static List<EvidenceRecord> evidence() {
    return List.of(new EvidenceRecord("2026-11-27T16:00:05Z", "arn:aws:iam::" + ACCOUNT + ":user/mallory", KEY_ID,
        "some-key", "kms.amazonaws.com", "Decrypt", "AccessDeniedException", "203.0.113.9", "e1"));
  }

  @Test
  void deactivationAndUndo_areUpdateAccessKeyRecordsByTheServiceRole_namingTheAlarm() throws Exception {
    TrailConfig trail = harness.server().trail().orElseThrow().config();

    responder.respond(KmsResponderTest.alarm("cut-off"), evidence());

    ResponseRecord r = responder.list().get(0);
    assertThat(r.state()).isEqualTo(ResponseState.DONE);
    assertThat(identities.accessKey(KEY_ID).orElseThrow().active()).isFalse();
    assertThat(updateAccessKeyRecords(trail)).hasSize(1);
    assertUpdate(recordWithUserAgent(trail, KmsResponder.userAgent(r, false)), "Inactive");

    responder.undo(r.id());

    assertThat(identities.accessKey(KEY_ID).orElseThrow().active()).isTrue();
    assertThat(updateAccessKeyRecords(trail)).hasSize(2);
    assertUpdate(recordWithUserAgent(trail, KmsResponder.userAgent(r, true)), "Active");
  }

  @Test
  void whenTheTrailCannotRecord_theResponseFails_andTheKeyStaysActive() throws Exception {
    harness.server().trail().orElseThrow().close();

    responder.respond(KmsResponderTest.alarm("cut-off"), evidence());

    ResponseRecord r = responder.list().get(0);
    assertThat(r.state()).isEqualTo(ResponseState.FAILED);
    assertThat(r.detail()).contains("UpdateAccessKey failed: ServiceFailure");
    assertThat(identities.accessKey(KEY_ID).orElseThrow().active()).isTrue();
  }

  static void assertUpdate(JsonNode record, String status) {
    assertThat(record.path("eventSource").asText()).isEqualTo("iam.amazonaws.com");
    assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1");
    assertThat(record.path("userAgent").asText()).contains("alarm=\"cut-off\"");
    assertThat(record.at("/userIdentity/type").asText()).isEqualTo("AssumedRole");
    assertThat(record.at("/userIdentity/arn").asText())
        .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/" + ServiceRole.ROLE_NAME + "/" + ServiceRole.SESSION_NAME);
    assertThat(record.has("errorCode")).isFalse();
    assertThat(record.get("requestParameters").toString())
        .isEqualTo("{\"accessKeyId\":\"" + KEY_ID + "\",\"status\":\"" + status + "\",\"userName\":\"mallory\"}");
    assertThat(record.get("readOnly").booleanValue()).isFalse();
  }

  static List<JsonNode> updateAccessKeyRecords(TrailConfig trail) throws Exception {
    return new EventLookup(trail).records().stream()
        .filter(x -> "UpdateAccessKey".equals(x.path("eventName").asText())).toList();
  }

  /** The one UpdateAccessKey record whose userAgent is exactly {@code userAgent}. */
  static JsonNode recordWithUserAgent(TrailConfig trail, String userAgent) throws Exception {
    List<JsonNode> matching = updateAccessKeyRecords(trail).stream()
        .filter(x -> userAgent.equals(x.path("userAgent").asText())).toList();
    assertThat(matching).as("UpdateAccessKey records with userAgent " + userAgent + " among "
        + updateAccessKeyRecords(trail).stream().map(x -> x.path("userAgent").asText()).toList()).hasSize(1);
    return matching.get(0);
  }
}
