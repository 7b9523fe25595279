package keywatch.watch.error;

/** A rejected request, carrying the AWS error code ({@code InvalidParameterException}, ...). */
public final class WatchException extends IllegalArgumentException {
  private final String errorCode;

  public WatchException(String errorCode, String message) {
    super(message);
    this.errorCode = errorCode;
  }

  public String errorCode() {
    return errorCode;
  }
}
