package keywatch.kms.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import keywatch.kms.access.AccessGate;
import keywatch.kms.error.KmsException;
import keywatch.kms.operation.Operation;
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
 */
public final class KmsProtocol {
  public static final String TARGET_PREFIX = "TrentService.";
  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final Logger log = LoggerFactory.getLogger(KmsProtocol.class);

  private final Map<String, Operation> operations;
  private final AccessGate gate;

  public KmsProtocol(Map<String, Operation> operations, AccessGate gate) {
    this.operations = Map.copyOf(operations);
    this.gate = gate;
  }

  /** Handles one call from an authenticated caller (the HTTP layer verified its signature). */
  public KmsResponse handle(String target, byte[] body, Caller caller) {
    String requestId = UUID.randomUUID().toString();
    Operation operation = null;
    if (target != null && target.startsWith(TARGET_PREFIX)) {
      operation = operations.get(target.substring(TARGET_PREFIX.length()));
    }
    String name = operation == null ? null : operation.name();
    try {
      if (operation == null) {
        throw new KmsException.UnknownOperationException();
      }
      KmsRequest request = new KmsRequest(parse(body));
      gate.authorize(name, request, caller);
      ObjectNode result = operation.execute(request, caller);
      return new KmsResponse(200, Json.MAPPER.writeValueAsBytes(result), requestId, name, null, null);
    } catch (KmsException e) {
      return error(e, requestId, name);
    } catch (Exception e) {
      log.error("internal error in {} (request {}): {}", name, requestId, e.getClass().getName());
      return error(new KmsException.KMSInternalException("An internal error occurred."), requestId, name);
    }
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
