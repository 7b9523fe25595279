package keywatch.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.server.respond.KmsResponder;
import keywatch.server.respond.ResponseRecord;

/** {@code KeywatchResponder.ListResponses}: every response taken or planned on alarms, newest first. */
final class ListResponses implements AdminOperation {
  private final KmsResponder responder;

  ListResponses(KmsResponder responder) {
    this.responder = responder;
  }

  @Override
  public ObjectNode handle(ObjectNode request) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode list = out.putArray("Responses");
    for (ResponseRecord r : responder.list()) {
      list.add(ResponseJson.of(r));
    }
    return out;
  }

  @Override
  public boolean readOnly() {
    return true;
  }
}
