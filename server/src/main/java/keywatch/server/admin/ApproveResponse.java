package keywatch.server.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.server.respond.KmsResponder;
import keywatch.server.respond.ResponseRecord;
import keywatch.server.respond.ResponseStateException;
import keywatch.server.respond.UnknownResponseException;

/**
 * {@code KeywatchResponder.ApproveResponse {"ResponseId": ...}}: carries out a response waiting for
 * approval, in this process, through the responder (as keywatch-responder, through KmsProtocol),
 * so the key cache and the trail see it. Answers the response as it now stands: DONE, FAILED, or
 * SKIPPED_* when a guard (allow-list, rate limit) stopped it.
 */
final class ApproveResponse implements AdminOperation {
  private final KmsResponder responder;

  ApproveResponse(KmsResponder responder) {
    this.responder = responder;
  }

  @Override
  public ObjectNode handle(ObjectNode request) {
    String id = AdminOperation.requiredString(request, "ResponseId");
    ResponseRecord r;
    try {
      r = responder.approve(id);
    } catch (UnknownResponseException e) {
      throw AdminError.notFound(e.getMessage());
    } catch (ResponseStateException e) {
      throw AdminError.invalidState(e.getMessage());
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("Response", ResponseJson.of(r));
    return out;
  }

  @Override
  public boolean readOnly() {
    return false;
  }

  @Override
  public ObjectNode requestParameters(ObjectNode request) {
    return JsonNodeFactory.instance.objectNode().put("responseId", request.path("ResponseId").asText(null));
  }
}
