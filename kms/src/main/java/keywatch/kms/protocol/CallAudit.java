package keywatch.kms.protocol;

import java.util.concurrent.CompletableFuture;
import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.error.KmsException;
import keywatch.kms.store.KeyStore;

/**
 * Records each KMS call. {@link KmsProtocol} opens one {@link Call} per request and tells it what
 * happened; an implementation that cannot record throws (the protocol then answers
 * KMSInternalException and the call does nothing). {@code keywatch.kms.audit.TrailAuditor} is the
 * implementation; {@link #NONE} records nothing (unit tests and the benchmark's unsafe mode only).
 */
public interface CallAudit {
  /**
   * @param operation the action name, or null if the target names none
   * @param target the X-Amz-Target header as sent (may be null)
   */
  Call begin(String requestId, String operation, String target, Caller caller);

  /** One call. Also the store's commit guard: its record is appended before the call's change is written. */
  interface Call extends KeyStore.CommitGuard {
    /** The parsed request, once it parsed. */
    void request(KmsRequest request);

    /**
     * The call succeeded with {@code result}; records it unless a commit already did. The answer
     * may leave only once the returned future completes normally; if it completes exceptionally
     * (or this throws), the call is refused instead.
     */
    CompletableFuture<Void> succeeded(ObjectNode result);

    /** The call failed with {@code error} (denied, invalid, or failed in its operation) and changed nothing; as above. */
    CompletableFuture<Void> failed(KmsException error);
  }

  /** What a call that needs no (further) record returns: already complete. */
  CompletableFuture<Void> RECORDED = CompletableFuture.completedFuture(null);

  CallAudit NONE = (requestId, operation, target, caller) -> new Call() {
    @Override
    public void beforeCommit(keywatch.kms.key.KmsKey changed) {}

    @Override
    public void request(KmsRequest request) {}

    @Override
    public CompletableFuture<Void> succeeded(ObjectNode result) {
      return RECORDED;
    }

    @Override
    public CompletableFuture<Void> failed(KmsException error) {
      return RECORDED;
    }
  };
}
