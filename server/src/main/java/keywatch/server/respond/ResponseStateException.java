package keywatch.server.respond;

/** The response is not in a state that allows what was asked (approve a DONE one, undo a PENDING one), or its undo failed. */
public final class ResponseStateException extends IllegalStateException {
  public ResponseStateException(String message) {
    super(message);
  }
}
