package keywatch.kms.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import keywatch.iam.principal.Principal;
import keywatch.kms.access.AccessGate;
import keywatch.kms.access.AccessPolicy;
import keywatch.kms.grant.Grant;
import keywatch.kms.key.Alias;
import keywatch.kms.key.KmsKey;
import keywatch.kms.operation.OperationContext;
import keywatch.kms.operation.Operations;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsProtocol;
import keywatch.kms.protocol.KmsResponse;
import keywatch.kms.store.KeyRepository;
import keywatch.kms.store.KeyStore;
import keywatch.kms.testing.InMemoryKeyRepository;
import keywatch.kms.testing.MutableClock;
import keywatch.kms.testing.TestKms;
import keywatch.trail.TrailUnavailableException;
import org.junit.jupiter.api.Test;

/**
 * The audited-or-refused rule at the protocol: a change's record is appended before the store
 * writes it, a refused record leaves the store untouched, and the allow-list keeps every secret
 * request member out of every operation's record.
 */
class TrailAuditorTest {
  private static final Caller ROOT = new Caller(new Principal.Root(TestKms.ACCOUNT.accountId()), "AKIDTEST",
      "127.0.0.1", "test", TestKms.ACCOUNT.region());

  /** What happened, in order: "record <eventName>" from the sink, "save <keyId>" from the repository. */
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final List<ObjectNode> records = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean trailDown;
  private final KeyStore store = new KeyStore(new ObservedRepository(new InMemoryKeyRepository()));
  private final OperationContext ctx =
      OperationContext.create(TestKms.ACCOUNT, store, new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z")), new SecureRandom());
  private final KmsProtocol protocol = new KmsProtocol(Operations.all(ctx),
      new AccessGate(ctx.keys(), (AccessPolicy) (caller, action, key, conditions) -> { }, TestKms.ACCOUNT.accountId()),
      store, new TrailAuditor(this::append, TestKms.ACCOUNT, store, ctx.clock()));

  private void append(ObjectNode record) {
    if (trailDown) {
      throw new TrailUnavailableException("trail closed");
    }
    events.add("record " + record.path("eventName").asText());
    records.add(record);
  }

  private JsonNode call(String operation, ObjectNode body) throws Exception {
    KmsResponse r = protocol.handle(KmsProtocol.TARGET_PREFIX + operation, Json.MAPPER.writeValueAsBytes(body), ROOT);
    JsonNode json = Json.MAPPER.readTree(r.body());
    ((ObjectNode) json).put("_status", r.httpStatus());
    return json;
  }

  @Test
  void aChangeIsRecordedBeforeTheStoreWritesIt() throws Exception {
    String keyId = call("CreateKey", Json.object()).path("KeyMetadata").path("KeyId").asText();
    events.clear();
    call("DisableKey", Json.object().put("KeyId", keyId));
    call("ScheduleKeyDeletion", Json.object().put("KeyId", keyId).put("PendingWindowInDays", 7));
    assertThat(events).containsExactly(
        "record DisableKey", "save " + keyId,
        "record ScheduleKeyDeletion", "save " + keyId);
  }

  @Test
  void aRefusedRecordLeavesTheStoreUntouched() throws Exception {
    String keyId = call("CreateKey", Json.object()).path("KeyMetadata").path("KeyId").asText();
    KmsKey before = store.key(keyId).orElseThrow();
    int keys = store.keys().size();
    trailDown = true;
    for (JsonNode r : List.of(
        call("DisableKey", Json.object().put("KeyId", keyId)),
        call("CreateKey", Json.object()),
        call("CreateAlias", Json.object().put("AliasName", "alias/x").put("TargetKeyId", keyId)),
        call("Encrypt", Json.object().put("KeyId", keyId).put("Plaintext", TestKms.b64(new byte[] {1, 2, 3}))))) {
      assertThat(r.path("_status").asInt()).isEqualTo(500);
      assertThat(r.path("__type").asText()).isEqualTo("KMSInternalException");
      assertThat(r.has("CiphertextBlob")).isFalse();
    }
    assertThat(store.key(keyId).orElseThrow()).isSameAs(before);
    assertThat(store.keys()).hasSize(keys);
    assertThat(store.aliases()).isEmpty();
  }

  @Test
  void noOperationRecordsASecretMember() throws Exception {
    String secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQ=";
    ObjectNode body = Json.object();
    for (String member : List.of("Plaintext", "CiphertextBlob", "Message", "Signature", "Mac", "GrantTokens", "GrantToken",
        "Recipient", "SecretAccessKey", "KeyMaterial", "ImportToken")) {
      body.put(member, secret);
    }
    body.put("KeyId", "1234abcd-12ab-34cd-56ef-1234567890ab");
    for (String operation : Operations.all(ctx).keySet()) {
      assertThat(KmsEventFields.known(operation)).as(operation + " has an allow-list entry").isTrue();
      ObjectNode params = KmsEventFields.requestParameters(operation, body);
      assertThat(String.valueOf(params)).as(operation).doesNotContain(secret);
      call(operation, body.deepCopy());
    }
    for (ObjectNode r : records) {
      assertThat(r.toString()).as(r.path("eventName").asText()).doesNotContain(secret);
    }
    assertThat(records).hasSizeGreaterThanOrEqualTo(Operations.all(ctx).size());
  }

  @Test
  void everyCallIsRecordedOnce_withTheRequestIdTheCallerGot() throws Exception {
    String keyId = call("CreateKey", Json.object()).path("KeyMetadata").path("KeyId").asText();
    records.clear();
    byte[] body = Json.MAPPER.writeValueAsBytes(Json.object().put("KeyId", keyId)
        .put("Plaintext", TestKms.b64("hello".getBytes(StandardCharsets.UTF_8))));
    KmsResponse ok = protocol.handle(KmsProtocol.TARGET_PREFIX + "Encrypt", body, ROOT);
    KmsResponse failed = protocol.handle(KmsProtocol.TARGET_PREFIX + "DisableKey", Json.MAPPER.writeValueAsBytes(
        Json.object().put("KeyId", "1234abcd-12ab-34cd-56ef-1234567890ab")), ROOT);
    KmsResponse unknown = protocol.handle(KmsProtocol.TARGET_PREFIX + "NoSuchAction", new byte[0], ROOT);
    assertThat(records).extracting(r -> r.path("requestID").asText())
        .containsExactly(ok.requestId(), failed.requestId(), unknown.requestId());
    assertThat(records.get(1).path("errorCode").asText()).isEqualTo("NotFoundException");
    assertThat(records.get(2).path("eventName").asText()).isEqualTo("NoSuchAction");
    assertThat(records.get(2).path("errorCode").asText()).isEqualTo("UnknownOperationException");
  }

  private final class ObservedRepository implements KeyRepository {
    private final KeyRepository inner;

    ObservedRepository(KeyRepository inner) {
      this.inner = inner;
    }

    @Override public List<KmsKey> loadKeys() { return inner.loadKeys(); }
    @Override public List<Alias> loadAliases() { return inner.loadAliases(); }
    @Override public void saveKey(KmsKey key) { events.add("save " + key.keyId()); inner.saveKey(key); }
    @Override public void deleteKey(String keyId) { events.add("delete " + keyId); inner.deleteKey(keyId); }
    @Override public void saveAlias(Alias alias) { events.add("save " + alias.aliasName()); inner.saveAlias(alias); }
    @Override public void deleteAlias(String aliasName) { events.add("delete " + aliasName); inner.deleteAlias(aliasName); }
    @Override public List<Grant> loadGrants() { return inner.loadGrants(); }
    @Override public void saveGrant(Grant grant) { events.add("save grant " + grant.grantId()); inner.saveGrant(grant); }
    @Override public void deleteGrant(String grantId) { events.add("delete grant " + grantId); inner.deleteGrant(grantId); }
  }

}
