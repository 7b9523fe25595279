package keywatch.server.admin;

import keywatch.server.respond.KmsResponder;
import keywatch.server.respond.ResponseRecord;

/**
 * {@code KeywatchResponder.UndoResponse {"ResponseId": ...}}: reverses a DONE response (EnableKey,
 * the Deny statement removed, the access key active again) in this process, through the responder,
 * as keywatch-responder. A response that is not DONE is an InvalidStateException.
 */
final class UndoResponse extends ChangeResponse {
  private final KmsResponder responder;

  UndoResponse(KmsResponder responder) {
    this.responder = responder;
  }

  @Override
  protected ResponseRecord change(String responseId) {
    return responder.undo(responseId);
  }
}
