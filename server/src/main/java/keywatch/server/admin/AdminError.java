package keywatch.server.admin;

/**
 * An error of keywatch's admin API, in AWS JSON 1.1's shape ({@code {"__type": ..., "message": ...}}):
 * each kind carries its {@code __type} and HTTP status, as KMS's errors do.
 */
public final class AdminError extends RuntimeException {
  private final String type;
  private final int httpStatus;

  public AdminError(String type, int httpStatus, String message) {
    super(message, null, false, false);
    this.type = type;
    this.httpStatus = httpStatus;
  }

  public String type() {
    return type;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public static AdminError accessDenied(String message) {
    return new AdminError("AccessDeniedException", 400, message);
  }

  public static AdminError notFound(String message) {
    return new AdminError("ResourceNotFoundException", 400, message);
  }

  /** The response is in a state that does not allow the call (undo of one not DONE, ...). */
  public static AdminError invalidState(String message) {
    return new AdminError("InvalidStateException", 400, message);
  }

  public static AdminError validation(String message) {
    return new AdminError("ValidationException", 400, message);
  }

  public static AdminError serialization(String message) {
    return new AdminError("SerializationException", 400, message);
  }

  public static AdminError unknownOperation() {
    return new AdminError("UnknownOperationException", 400, null);
  }

  public static AdminError internal() {
    return new AdminError("InternalFailure", 500, "An internal error occurred.");
  }
}
