package keywatch.kms.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import keywatch.iam.principal.Principal;
import keywatch.kms.access.AccessGate;
import keywatch.kms.access.AccessPolicy;
import keywatch.kms.key.KeyState;
import keywatch.kms.key.KmsKey;
import keywatch.kms.operation.OperationContext;
import keywatch.kms.operation.Operations;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsProtocol;
import keywatch.kms.protocol.KmsResponse;
import keywatch.kms.store.KeyStore;
import keywatch.kms.testing.InMemoryKeyRepository;
import keywatch.kms.testing.MutableClock;
import keywatch.kms.testing.TestKms;
import keywatch.trail.TrailUnavailableException;
import keywatch.trail.record.JsonShape;
import org.junit.jupiter.api.Test;

/**
 * Time-driven key changes are recorded as AWS KMS's service events (DeleteKey, RotateKey), shaped
 * as AWS's documented examples (resources {@code aws-cloudtrail-examples/}, sources in their
 * README), exactly once per change, and audited or refused: while the trail refuses, the key is
 * neither deleted nor rotated; a later sweep does it and records it once.
 */
class ServiceEventsTest {
  private static final Caller ROOT = new Caller(new Principal.Root(TestKms.ACCOUNT.accountId()), "AKIDTEST",
      "127.0.0.1", "test", TestKms.ACCOUNT.region());

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<ObjectNode> records = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean trailDown;
  private final KeyStore store = new KeyStore(new InMemoryKeyRepository());
  private final OperationContext ctx = OperationContext.create(TestKms.ACCOUNT, store, clock, new SecureRandom(),
      new ServiceEvents(this::append, TestKms.ACCOUNT, clock));
  private final KmsProtocol protocol = new KmsProtocol(Operations.all(ctx),
      new AccessGate(ctx.keys(), (AccessPolicy) (caller, action, key, conditions) -> { }, TestKms.ACCOUNT.accountId()),
      store, new TrailAuditor(this::append, TestKms.ACCOUNT, store, clock));

  private void append(ObjectNode record) {
    if (trailDown) {
      throw new TrailUnavailableException("trail closed");
    }
    records.add(record);
  }

  private KmsResponse call(String operation, ObjectNode body) throws Exception {
    return protocol.handle(KmsProtocol.TARGET_PREFIX + operation, Json.MAPPER.writeValueAsBytes(body), ROOT);
  }

  private String createKey() throws Exception {
    KmsResponse r = call("CreateKey", Json.object());
    return Json.MAPPER.readTree(r.body()).path("KeyMetadata").path("KeyId").asText();
  }

  private List<ObjectNode> named(String eventName) {
    synchronized (records) {
      return records.stream().filter(r -> eventName.equals(r.path("eventName").asText())).toList();
    }
  }

  private KmsKey key(String keyId) {
    return store.key(keyId).orElseThrow();
  }

  @Test
  void deleteKey_whenTheWindowHasPassed_oneServiceEventShapedAsAwsDocumentsIt() throws Exception {
    String keyId = createKey();
    String arn = key(keyId).arn();
    call("ScheduleKeyDeletion", Json.object().put("KeyId", keyId).put("PendingWindowInDays", 7));

    clock.advance(Duration.ofDays(7).minusSeconds(1));
    ctx.keys().sweep();
    assertThat(store.key(keyId)).isPresent();
    assertThat(named("DeleteKey")).isEmpty();

    clock.advance(Duration.ofSeconds(1)); // the deletion date itself
    ctx.keys().sweep();
    ctx.keys().sweep();
    assertThat(store.key(keyId)).isEmpty();
    List<ObjectNode> deletes = named("DeleteKey");
    assertThat(deletes).hasSize(1);
    ObjectNode r = deletes.get(0);
    assertSameShape(r, "DeleteKey.json", Set.of());
    assertThat(r.path("userIdentity").path("accountId").asText()).isEqualTo(TestKms.ACCOUNT.accountId());
    assertThat(r.path("userIdentity").path("invokedBy").asText()).isEqualTo("AWS Internal");
    assertThat(r.path("eventType").asText()).isEqualTo("AwsServiceEvent");
    assertThat(r.path("eventSource").asText()).isEqualTo("kms.amazonaws.com");
    assertThat(r.path("eventTime").asText()).isEqualTo("2026-01-08T00:00:00Z");
    assertThat(r.path("requestParameters").isNull()).isTrue();
    assertThat(r.path("responseElements").isNull()).isTrue();
    assertThat(r.has("requestID")).isFalse();
    assertThat(r.path("readOnly").asBoolean(true)).isFalse();
    assertThat(r.path("managementEvent").asBoolean()).isTrue();
    assertThat(r.at("/resources/0/ARN").asText()).isEqualTo(arn);
    assertThat(r.at("/resources/0/type").asText()).isEqualTo("AWS::KMS::Key");
    assertThat(r.path("recipientAccountId").asText()).isEqualTo(TestKms.ACCOUNT.accountId());
  }

  @Test
  void deleteKey_refusedByTheTrail_keyStays_andTheNextSweepDeletesAndRecordsOnce() throws Exception {
    String keyId = createKey();
    call("ScheduleKeyDeletion", Json.object().put("KeyId", keyId).put("PendingWindowInDays", 7));
    clock.advance(Duration.ofDays(8));

    trailDown = true;
    ctx.keys().sweep(); // must not throw: the sweeper's schedule goes on
    assertThat(store.key(keyId)).isPresent();
    assertThat(key(keyId).state()).isEqualTo(KeyState.PENDING_DELETION);
    // A caller looking at the key meanwhile is refused, and the key still stays.
    KmsResponse describe = call("DescribeKey", Json.object().put("KeyId", keyId));
    assertThat(describe.httpStatus()).isEqualTo(500);
    assertThat(describe.errorCode()).isEqualTo("KMSInternalException");
    assertThat(store.key(keyId)).isPresent();
    assertThat(named("DeleteKey")).isEmpty();

    trailDown = false;
    ctx.keys().sweep();
    ctx.keys().sweep();
    assertThat(store.key(keyId)).isEmpty();
    assertThat(named("DeleteKey")).hasSize(1);
  }

  @Test
  void deleteKey_onAccess_isRecordedBeforeTheCallThatFoundTheKeyGone() throws Exception {
    String keyId = createKey();
    call("ScheduleKeyDeletion", Json.object().put("KeyId", keyId).put("PendingWindowInDays", 7));
    clock.advance(Duration.ofDays(7));
    records.clear();

    KmsResponse describe = call("DescribeKey", Json.object().put("KeyId", keyId));
    assertThat(describe.errorCode()).isEqualTo("NotFoundException");
    assertThat(records).extracting(r -> r.path("eventName").asText()).containsExactly("DeleteKey", "DescribeKey");
    assertThat(store.key(keyId)).isEmpty();
  }

  @Test
  void cancelledDeletion_isNeitherAppliedNorRecorded() throws Exception {
    String keyId = createKey();
    call("ScheduleKeyDeletion", Json.object().put("KeyId", keyId).put("PendingWindowInDays", 7));
    call("CancelKeyDeletion", Json.object().put("KeyId", keyId));
    clock.advance(Duration.ofDays(30));
    ctx.keys().sweep();
    assertThat(store.key(keyId)).isPresent();
    assertThat(named("DeleteKey")).isEmpty();
  }

  @Test
  void rotateKey_oneServiceEventPerRotation_shapedAsAwsDocumentsIt() throws Exception {
    String keyId = createKey();
    call("EnableKeyRotation", Json.object().put("KeyId", keyId).put("RotationPeriodInDays", 90));

    clock.advance(Duration.ofDays(90).minusSeconds(1));
    ctx.keys().sweep();
    assertThat(named("RotateKey")).isEmpty();
    assertThat(key(keyId).backingKeys()).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    ctx.keys().sweep();
    ctx.keys().sweep();
    List<ObjectNode> rotations = named("RotateKey");
    assertThat(rotations).hasSize(1);
    assertThat(key(keyId).backingKeys()).hasSize(2);
    ObjectNode r = rotations.get(0);
    // AWS's RotateKey example predates managementEvent, which its DeleteKey example (same version) has.
    assertSameShape(r, "RotateKey.json", Set.of("$.managementEvent:BOOLEAN"));
    assertThat(r.at("/serviceEventDetails/rotationType").asText()).isEqualTo("AUTOMATIC");
    assertThat(r.at("/serviceEventDetails/keyId").asText()).isEqualTo(keyId);
    assertThat(r.at("/resources/0/ARN").asText()).isEqualTo(key(keyId).arn());
    assertThat(r.path("eventType").asText()).isEqualTo("AwsServiceEvent");
    assertThat(r.has("requestID")).isFalse();

    // Two more periods pass unobserved: two rotations, two records.
    clock.advance(Duration.ofDays(180));
    ctx.keys().sweep();
    assertThat(named("RotateKey")).hasSize(3);
    assertThat(key(keyId).backingKeys()).hasSize(4);
    assertThat(key(keyId).backingKeys()).extracting(b -> b.rotationType())
        .containsExactly(null, "AUTOMATIC", "AUTOMATIC", "AUTOMATIC");
  }

  @Test
  void rotateKey_refusedByTheTrail_keyKeepsItsMaterial_andTheNextSweepRotatesAndRecordsOnce() throws Exception {
    String keyId = createKey();
    call("EnableKeyRotation", Json.object().put("KeyId", keyId).put("RotationPeriodInDays", 90));
    clock.advance(Duration.ofDays(91));

    trailDown = true;
    ctx.keys().sweep();
    KmsResponse encrypt = call("Encrypt", Json.object().put("KeyId", keyId).put("Plaintext", TestKms.b64(new byte[] {1})));
    assertThat(encrypt.httpStatus()).isEqualTo(500);
    assertThat(key(keyId).backingKeys()).hasSize(1);
    assertThat(named("RotateKey")).isEmpty();

    trailDown = false;
    ctx.keys().sweep();
    ctx.keys().sweep();
    assertThat(key(keyId).backingKeys()).hasSize(2);
    assertThat(named("RotateKey")).hasSize(1);
  }

  /**
   * Field paths and JSON types as in AWS's example, userIdentity included, nothing missing and
   * nothing more than {@code extra}.
   */
  private static void assertSameShape(JsonNode ours, String example, Set<String> extra) throws IOException {
    JsonNode aws;
    try (InputStream in = ServiceEventsTest.class.getResourceAsStream("/aws-cloudtrail-examples/" + example)) {
      aws = Json.MAPPER.readTree(in);
    }
    Set<String> awsShape = new HashSet<>(JsonShape.of(aws));
    Set<String> ourShape = new HashSet<>(JsonShape.of(ours));
    Set<String> missing = new HashSet<>(awsShape);
    missing.removeAll(ourShape);
    Set<String> unexpected = new HashSet<>(ourShape);
    unexpected.removeAll(awsShape);
    unexpected.removeAll(extra);
    assertThat(missing).as("fields of AWS's " + example + " missing from " + ours).isEmpty();
    assertThat(unexpected).as("fields not in AWS's " + example + " in " + ours).isEmpty();
  }
}
