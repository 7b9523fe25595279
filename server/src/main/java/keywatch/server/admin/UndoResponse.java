package keywatch.server.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.server.respond.KmsResponder;
import keywatch.server.respond.ResponseRecord;
import keywatch.server.respond.ResponseStateException;
import keywatch.server.respond.UnknownResponseException;

/**
 * {@code KeywatchResponder.UndoResponse {"ResponseId": ...}}: reverses a DONE response (EnableKey,
 * the Deny statement removed, the access key active again) in this process, through the responder,
 * as keywatch-responder. A response that is not DONE is an InvalidStateException.
 */
final class UndoResponse implements AdminOperation {
  private final KmsResponder responder;

  UndoResponse(KmsResponder responder) {
    this.responder = responder;
  }

  @Override
  public ObjectNode handle(ObjectNode request) {
    String id = AdminOperation.requiredString(request, "ResponseId");
    ResponseRecord r;
    try {
      r = responder.undo(id);
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
