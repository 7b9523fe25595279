package keywatch.trail;

/**
 * The trail could not make a record durable. The caller must refuse the request it was about to
 * acknowledge (KMS answers {@code KMSInternalException}): a call that is not audited does not happen.
 */
public final class TrailUnavailableException extends RuntimeException {
  public TrailUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public TrailUnavailableException(String message) {
    super(message);
  }
}
