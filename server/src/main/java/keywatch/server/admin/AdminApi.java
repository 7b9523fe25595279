package keywatch.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import keywatch.iam.authn.Authenticator;
import keywatch.iam.authz.Authorizer;
import keywatch.iam.policy.Decision;
import keywatch.iam.policy.Evaluation;
import keywatch.iam.sigv4.SigV4Exception;
import keywatch.server.audit.AdminAudit;
import keywatch.server.http.EndpointHandler;
import keywatch.server.notify.Actions;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keywatch's own admin API on the one endpoint, for the CLI against a running server:
 * {@code POST /} in AWS JSON 1.1 with {@code X-Amz-Target: KeywatchResponder.<Action>} or
 * {@code KeywatchNotify.<Action>}, SigV4-signed for the service {@value #SIGNING_SERVICE} (any
 * region). Any other request falls through to the next handler (KMS, STS, IAM).
 *
 * <p>Each call, in order: authenticate (the server's {@link Authenticator}; failures get KMS's
 * SigV4 errors), find the operation in the explicit table, parse the body, authorize
 * {@code keywatch:<Action>} with the caller's identity policies (the account root always may), run it, record it
 * in the trail ({@link AdminAudit}; if the record cannot be written the caller gets InternalFailure),
 * answer. Errors are {@code {"__type", "message"}} with the error's status; nothing unexpected is
 * answered with more than InternalFailure.
 */
public final class AdminApi extends Handler.Abstract {
  public static final String SIGNING_SERVICE = "keywatch";
  public static final String RESPONDER_PREFIX = "KeywatchResponder.";
  public static final String NOTIFY_PREFIX = "KeywatchNotify.";
  /** IAM actions are {@code keywatch:<Action>}, e.g. {@code keywatch:ApproveResponse}. */
  public static final String ACTION_PREFIX = "keywatch:";
  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, AdminOperation> operations;
  private final Authenticator authenticator;
  private final Authorizer authorizer;
  private final AdminAudit audit;

  /**
   * @param operations by full target ({@code KeywatchResponder.ListResponses})
   * @param audit null to record nothing (a server without a trail)
   */
  public AdminApi(Map<String, AdminOperation> operations, Authenticator authenticator, Authorizer authorizer, AdminAudit audit) {
    this.operations = Map.copyOf(operations);
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.audit = audit;
  }

  /** The dispatch table: responses (list, approve, undo) and notification deliveries. */
  public static AdminApi forActions(Actions actions, Authenticator authenticator, Authorizer authorizer, AdminAudit audit) {
    return new AdminApi(Map.of(
        RESPONDER_PREFIX + "ListResponses", new ListResponses(actions.responder()),
        RESPONDER_PREFIX + "ApproveResponse", new ApproveResponse(actions.responder()),
        RESPONDER_PREFIX + "UndoResponse", new UndoResponse(actions.responder()),
        NOTIFY_PREFIX + "ListDeliveries", new ListDeliveries(actions.topics())), authenticator, authorizer, audit);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    String target = request.getHeaders().get("X-Amz-Target");
    if (target == null || !(target.startsWith(RESPONDER_PREFIX) || target.startsWith(NOTIFY_PREFIX))) {
      return false;
    }
    String requestId = UUID.randomUUID().toString();
    if (!HttpMethod.POST.is(request.getMethod()) || !Request.getPathInContext(request).equals("/")) {
      send(response, callback, requestId, AdminError.unknownOperation());
      return true;
    }
    byte[] body = EndpointHandler.readBounded(request, request.getLength());
    if (body == null) {
      send(response, callback, requestId,
          AdminError.validation("Request body is larger than " + EndpointHandler.MAX_BODY_BYTES + " bytes"));
      return true;
    }
    Authenticator.Authenticated who;
    try {
      who = authenticator.authenticate(EndpointHandler.signedRequest(request, body), null, SIGNING_SERVICE);
    } catch (SigV4Exception e) {
      send(response, callback, requestId, new AdminError(e.errorCode(), e.httpStatus(), e.getMessage()));
      return true;
    }
    String action = target.substring(target.indexOf('.') + 1);
    AdminOperation op = operations.get(target);
    ObjectNode parsed = null;
    ObjectNode result = null;
    AdminError error = null;
    String sourceIp = Request.getRemoteAddr(request);
    java.time.Instant eventTime = audit == null ? null : audit.now();
    try {
      if (op == null) {
        throw AdminError.unknownOperation();
      }
      parsed = parse(body); // before authorizing, so that a refused call's record names what it asked for
      Evaluation e = authorizer.onAccount(who.principal(), ACTION_PREFIX + action,
          new Authorizer.Call(sourceIp, who.verified().region(), Map.of()));
      if (e.decision() != Decision.ALLOW) {
        throw AdminError.accessDenied("User: " + who.principal().arn() + " is not authorized to perform: "
            + ACTION_PREFIX + action + " because " + (e.decision() == Decision.EXPLICIT_DENY
            ? "of an explicit deny in an identity-based policy" : "no identity-based policy allows the " + ACTION_PREFIX + action + " action"));
      }
      result = op.handle(parsed);
    } catch (AdminError e) {
      error = e;
    } catch (RuntimeException e) {
      log.error("admin call {} failed", target, e);
      error = AdminError.internal();
    }
    if (audit != null && op != null) {
      try {
        audit.record(new AdminAudit.Call(who.principal(), who.verified().accessKeyId(), sourceIp,
            request.getHeaders().get(HttpHeader.USER_AGENT), eventTime, action,
            parsed == null ? null : op.requestParameters(parsed), op.readOnly(), requestId,
            error == null ? null : error.type(), error == null ? null : error.getMessage()));
      } catch (RuntimeException e) {
        log.error("admin call {} could not be recorded in the trail", target, e);
        error = AdminError.internal();
      }
    }
    if (error != null) {
      send(response, callback, requestId, error);
    } else {
      send(response, callback, requestId, 200, JSON.writeValueAsBytes(result));
    }
    return true;
  }

  /** The body as a JSON object; an empty body is {@code {}}. */
  private static ObjectNode parse(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode n = JSON.readTree(body);
      if (n instanceof ObjectNode o) {
        return o;
      }
    } catch (IOException e) {
      // answered below
    }
    throw AdminError.serialization("The request body is not a JSON object");
  }

  private static void send(Response response, Callback callback, String requestId, AdminError e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("__type", e.type());
    if (e.getMessage() != null) {
      o.put("message", e.getMessage());
    }
    send(response, callback, requestId, e.httpStatus(), o.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void send(Response response, Callback callback, String requestId, int status, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    response.getHeaders().put("x-amzn-RequestId", requestId);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
