package keywatch.iam.sts;

/** An STS error: its Code, its Type (Sender or Receiver) and the HTTP status STS uses. */
public final class StsException extends RuntimeException {
  private final String code;
  private final int httpStatus;

  public StsException(String code, int httpStatus, String message) {
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public static StsException validation(String message) {
    return new StsException("ValidationError", 400, message);
  }

  public static StsException accessDenied(String message) {
    return new StsException("AccessDenied", 403, message);
  }
}
