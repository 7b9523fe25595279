package keywatch.kms.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import keywatch.iam.principal.Principal;
import keywatch.kms.access.AccessGate;
import keywatch.kms.access.AccessPolicy;
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
import org.junit.jupiter.api.Test;

/**
 * The endpoint's asynchronous answer: a call that changes nothing has its record appended without
 * the request thread waiting, and its answer exists only once the record is durable. If the record
 * then fails, the answer is KMSInternalException and the ciphertext or plaintext computed is gone.
 */
class AsyncAnswerTest {
  private static final Caller ROOT = new Caller(new Principal.Root(TestKms.ACCOUNT.accountId()), "AKIDTEST",
      "127.0.0.1", "test", TestKms.ACCOUNT.region());

  /** Records appended asynchronously, each with the future the test completes when it decides. */
  private final List<CompletableFuture<Void>> pending = Collections.synchronizedList(new ArrayList<>());
  private final List<ObjectNode> records = Collections.synchronizedList(new ArrayList<>());

  private final TrailAuditor.RecordSink sink = new TrailAuditor.RecordSink() {
    @Override
    public void append(ObjectNode record) {
      records.add(record); // key changes: synchronous, inside the store's lock
    }

    @Override
    public CompletableFuture<Void> appendAsync(keywatch.trail.record.CloudTrailRecord.Builder record) {
      records.add(record.build());
      CompletableFuture<Void> durable = new CompletableFuture<>();
      pending.add(durable);
      return durable;
    }
  };
  private final KeyStore store = new KeyStore(new InMemoryKeyRepository());
  private final OperationContext ctx =
      OperationContext.create(TestKms.ACCOUNT, store, new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z")), new SecureRandom());
  private final KmsProtocol protocol = new KmsProtocol(Operations.all(ctx),
      new AccessGate(ctx.keys(), (AccessPolicy) (caller, action, key, conditions) -> { }, TestKms.ACCOUNT.accountId()),
      store, new TrailAuditor(sink, TestKms.ACCOUNT, store, ctx.clock()));

  private CompletableFuture<KmsResponse> call(String operation, ObjectNode body) throws Exception {
    return protocol.handleAsync(KmsProtocol.TARGET_PREFIX + operation, Json.MAPPER.writeValueAsBytes(body), ROOT);
  }

  private String createKey() throws Exception {
    CompletableFuture<KmsResponse> created = call("CreateKey", Json.object());
    // CreateKey's record went synchronously with the change; only its answer's last word is async.
    pending.forEach(f -> f.complete(null));
    pending.clear();
    return Json.MAPPER.readTree(created.join().body()).path("KeyMetadata").path("KeyId").asText();
  }

  @Test
  void theAnswerWaitsForTheRecordAndTheThreadDoesNot() throws Exception {
    String keyId = createKey();
    records.clear();
    CompletableFuture<KmsResponse> answer = call("Encrypt", Json.object().put("KeyId", keyId).put("Plaintext", "aGVsbG8="));
    assertThat(records).extracting(r -> r.path("eventName").asText()).containsExactly("Encrypt");
    assertThat(answer).isNotDone(); // the request thread got control back; nothing was sent

    pending.get(0).complete(null); // the fsync
    KmsResponse r = answer.join();
    assertThat(r.httpStatus()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(r.body()).path("CiphertextBlob").asText()).isNotEmpty();
  }

  @Test
  void aRecordThatFailsAfterTheCallRanTurnsTheAnswerIntoKmsInternalException() throws Exception {
    String keyId = createKey();
    CompletableFuture<KmsResponse> encrypt = call("Encrypt", Json.object().put("KeyId", keyId).put("Plaintext", "aGVsbG8="));
    CompletableFuture<KmsResponse> denied = call("Decrypt", Json.object().put("CiphertextBlob", "bm90IGEgY2lwaGVydGV4dA=="));
    assertThat(pending).hasSize(2);
    pending.forEach(f -> f.completeExceptionally(new TrailUnavailableException("fsync failed")));

    for (CompletableFuture<KmsResponse> f : List.of(encrypt, denied)) {
      KmsResponse r = f.join();
      JsonNode body = Json.MAPPER.readTree(r.body());
      assertThat(r.httpStatus()).isEqualTo(500);
      assertThat(body.path("__type").asText()).isEqualTo("KMSInternalException");
      assertThat(body.has("CiphertextBlob")).isFalse();
      assertThat(body.has("Plaintext")).isFalse();
    }
  }

  @Test
  void theSynchronousHandleWaitsForTheRecord() throws Exception {
    String keyId = createKey();
    // handle() blocks until the record is durable: complete it from another thread.
    Thread fsync = new Thread(() -> {
      while (pending.isEmpty()) {
        Thread.onSpinWait();
      }
      pending.get(0).complete(null);
    });
    fsync.start();
    KmsResponse r = protocol.handle(KmsProtocol.TARGET_PREFIX + "Encrypt",
        Json.MAPPER.writeValueAsBytes(Json.object().put("KeyId", keyId).put("Plaintext", "aGVsbG8=")), ROOT);
    fsync.join();
    assertThat(r.httpStatus()).isEqualTo(200);
  }
}
