package keywatch.server.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.server.respond.ResponseRecord;
import keywatch.server.respond.ResponseStateException;
import keywatch.server.respond.UnknownResponseException;

/**
 * What {@link ApproveResponse} and {@link UndoResponse} share: {@code {"ResponseId": ...}} in, the
 * response as it now stands out ({@code {"Response": {...}}}); an unknown id is
 * ResourceNotFoundException, a response in the wrong state InvalidStateException.
 */
abstract class ChangeResponse implements AdminOperation {
  /** Carries the change out through the responder; throws its unknown-id and wrong-state exceptions. */
  protected abstract ResponseRecord change(String responseId);

  @Override
  public final ObjectNode handle(ObjectNode request) {
    String id = AdminOperation.requiredString(request, "ResponseId");
    ResponseRecord r;
    try {
      r = change(id);
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
  public final boolean readOnly() {
    return false;
  }

  @Override
  public final ObjectNode requestParameters(ObjectNode request) {
    return JsonNodeFactory.instance.objectNode().put("responseId", request.path("ResponseId").asText(null));
  }
}
