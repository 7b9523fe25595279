package keywatch.server.admin;

import keywatch.server.respond.KmsResponder;
import keywatch.server.respond.ResponseRecord;

/**
 * {@code KeywatchResponder.ApproveResponse {"ResponseId": ...}}: carries out a response waiting for
 * approval, in this process, through the responder (as keywatch-responder, through KmsProtocol),
 * so the key cache and the trail see it. Answers the response as it now stands: DONE, FAILED, or
 * SKIPPED_* when a guard (allow-list, rate limit) stopped it.
 */
final class ApproveResponse extends ChangeResponse {
  private final KmsResponder responder;

  ApproveResponse(KmsResponder responder) {
    this.responder = responder;
  }

  @Override
  protected ResponseRecord change(String responseId) {
    return responder.approve(responseId);
  }
}
