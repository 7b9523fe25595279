package keywatch.iam.admin;

/** An IAM error: its Code and the HTTP status IAM answers it with. */
public final class IamException extends RuntimeException {
  private final String code;
  private final int httpStatus;

  public IamException(String code, int httpStatus, String message) {
    super(message, null, false, false); // per bad request, never a bug: no stack trace
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  static IamException validation(String message) {
    return new IamException("ValidationError", 400, message);
  }

  static IamException noSuchEntity(String message) {
    return new IamException("NoSuchEntity", 404, message);
  }

  static IamException alreadyExists(String message) {
    return new IamException("EntityAlreadyExists", 409, message);
  }

  static IamException malformedPolicy(String message) {
    return new IamException("MalformedPolicyDocument", 400, message);
  }

  static IamException limitExceeded(String message) {
    return new IamException("LimitExceeded", 409, message);
  }

  static IamException deleteConflict(String message) {
    return new IamException("DeleteConflict", 409, message);
  }

  /** IAM's answer to a failure of its own (500); the message says nothing about the cause. */
  public static IamException serviceFailure() {
    return new IamException("ServiceFailure", 500,
        "The request processing has failed because of an unknown error, exception or failure.");
  }

  static IamException accessDenied(String message) {
    return new IamException("AccessDenied", 403, message);
  }
}
