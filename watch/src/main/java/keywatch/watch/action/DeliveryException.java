package keywatch.watch.action;

/** A receiver refused or failed a delivery; the queue retries it. */
public final class DeliveryException extends Exception {
  public DeliveryException(String message) {
    super(message);
  }
}
