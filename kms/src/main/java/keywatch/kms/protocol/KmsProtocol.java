package keywatch.kms.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import keywatch.kms.access.AccessGate;
import keywatch.kms.error.KmsException;
import keywatch.kms.operation.Operation;
import keywatch.kms.store.KeyStore;
import keywatch.trail.TrailUnavailableException;
import keywatch.trail.record.RecordIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS JSON 1.1 binding of the KMS API, independent of any HTTP server: the target names the
 * operation ({@code TrentService.Encrypt}), the body is a JSON object, the answer is a JSON
 * object or an error {@code {"__type": ..., "message": ...}} with AWS's status. Dispatch goes
 * through an explicit table; nothing else is reachable. Every call is authorized by the
 * {@link AccessGate} before its operation runs.
 *
 * <p>No failure escapes as anything but an AWS-shaped error: an unexpected exception becomes
 * KMSInternalException (500) and is logged by type and request id only, never with request data.
 *
 * <p>Audited or refused: every call is told to the {@link CallAudit}, allowed or denied, ok or
 * failed. The operation runs with the call bound to the key store as its commit guard, so a call
 * that changes a key or alias has its record appended inside the store's lock before the change
 * is written; a call that changes nothing has it appended after it ran and before the answer is
 * returned. If the record cannot be appended ({@link TrailUnavailableException}), the answer is
 * KMSInternalException and nothing was changed (the guard refused the write) and no result (a
 * ciphertext, a plaintext) leaves the process.
 */
public final class KmsProtocol {
  public static final String TARGET_PREFIX = "TrentService.";
  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final Logger log = LoggerFactory.getLogger(KmsProtocol.class);

  private final Map<String, Operation> operations;
  private final AccessGate gate;
  private final KeyStore store;
  private final CallAudit audit;

  /** Unaudited: for tests of the protocol alone. */
  public KmsProtocol(Map<String, Operation> operations, AccessGate gate) {
    this(operations, gate, null, CallAudit.NONE);
  }

  /** Every call recorded by {@code audit}; changes to {@code store} are guarded by the call's record. */
  public KmsProtocol(Map<String, Operation> operations, AccessGate gate, KeyStore store, CallAudit audit) {
    this.operations = Map.copyOf(operations);
    this.gate = gate;
    this.store = store;
    this.audit = audit;
  }

  /**
   * Handles one call from an authenticated caller (the HTTP layer verified its signature) and
   * waits until its record is durable. For callers inside the process (the responder, tests).
   */
  public KmsResponse handle(String target, byte[] body, Caller caller) {
    return handleAsync(target, body, caller).join();
  }

  /**
   * Handles one call; the answer completes once the call's record is durable (the request thread
   * does not wait for the trail's fsync: the HTTP layer sends the answer when this completes). The
   * future never completes exceptionally: a call that could not be recorded completes with
   * KMSInternalException, and the result it computed (a ciphertext, a plaintext) is dropped.
   */
  public CompletableFuture<KmsResponse> handleAsync(String target, byte[] body, Caller caller) {
    String requestId = RecordIds.random();
    Operation operation = null;
    if (target != null && target.startsWith(TARGET_PREFIX)) {
      operation = operations.get(target.substring(TARGET_PREFIX.length()));
    }
    String name = operation == null ? null : operation.name();
    CallAudit.Call call;
    try {
      call = audit.begin(requestId, name, target, caller);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(refused(e, requestId, name));
    }
    try {
      if (operation == null) {
        throw new KmsException.UnknownOperationException();
      }
      KmsRequest request = new KmsRequest(parse(body));
      call.request(request);
      gate.authorize(name, request, caller);
      Operation op = operation;
      ObjectNode result = store == null
          ? op.execute(request, caller)
          : store.guarded(call, () -> op.execute(request, caller));
      byte[] answer = Json.MAPPER.writeValueAsBytes(result); // before the record: nothing may fail after it
      return whenRecorded(call.succeeded(result), new KmsResponse(200, answer, requestId, name, null, null));
    } catch (KmsException e) {
      return recordFailure(call, e, requestId, name);
    } catch (TrailUnavailableException e) {
      return CompletableFuture.completedFuture(refused(e, requestId, name));
    } catch (Exception e) {
      log.error("internal error in {} (request {}): {}", name, requestId, e.getClass().getName());
      return recordFailure(call, new KmsException.KMSInternalException("An internal error occurred."), requestId, name);
    }
  }

  private static CompletableFuture<KmsResponse> recordFailure(CallAudit.Call call, KmsException e, String requestId,
      String name) {
    CompletableFuture<Void> recorded;
    try {
      recorded = call.failed(e);
    } catch (RuntimeException auditFailed) {
      return CompletableFuture.completedFuture(refused(auditFailed, requestId, name));
    }
    return whenRecorded(recorded, error(e, requestId, name));
  }

  /** {@code answer} once {@code recorded} completes; KMSInternalException instead if it failed. */
  private static CompletableFuture<KmsResponse> whenRecorded(CompletableFuture<Void> recorded, KmsResponse answer) {
    return recorded.handle((ok, failure) -> failure == null ? answer
        : refused(failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure,
            answer.requestId(), answer.operation()));
  }

  /** The call could not be recorded, so it is refused (and did nothing). */
  private static KmsResponse refused(Throwable e, String requestId, String name) {
    log.error("call {} (request {}) refused: the trail could not record it ({})", name, requestId, e.getClass().getName());
    return error(new KmsException.KMSInternalException("An internal error occurred."), requestId, name);
  }

  public static KmsResponse error(KmsException e, String requestId, String operation) {
    ObjectNode o = Json.object();
    o.put("__type", e.type());
    if (e.getMessage() != null) {
      o.put("message", e.getMessage());
    }
    try {
      return new KmsResponse(e.httpStatus(), Json.MAPPER.writeValueAsBytes(o), requestId, operation, e.type(), e.getMessage());
    } catch (JacksonException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static ObjectNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return Json.object();
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new KmsException.SerializationException("Malformed JSON in the request body");
    } catch (Exception e) {
      throw new KmsException.SerializationException("Unreadable request body");
    }
    if (n == null || n.isMissingNode()) {
      return Json.object();
    }
    if (!n.isObject()) {
      throw new KmsException.SerializationException("Start of structure or map expected");
    }
    return (ObjectNode) n;
  }
}
