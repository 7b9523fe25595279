package keywatch.watch.action;

/**
 * Delivery counters of one subscription. {@code pending} is what its lane holds now (in memory
 * only); the rest survives a restart when {@link Deliveries} is given a {@link DeliveryStatusStore}.
 *
 * @param lastOutcome what the most recent attempt came to; null if none was made
 */
public record DeliveryStatus(
    String subscriptionArn, long delivered, long failedAttempts, long deadLettered, int pending, String lastError,
    Long lastSuccessMillis, Long lastFailureMillis, Outcome lastOutcome) {

  /** How one attempt ended. */
  public enum Outcome {
    /** Received (2xx, accepted by SMTP, written to the outbox). */
    DELIVERED,
    /** Failed; the message will be tried again. */
    FAILED_WILL_RETRY,
    /** Failed on the last attempt: the message went to the dead-letter record. */
    DEAD_LETTERED
  }

  public static DeliveryStatus none(String subscriptionArn) {
    return new DeliveryStatus(subscriptionArn, 0, 0, 0, 0, null, null, null, null);
  }

  /** Attempts made, successful or not. */
  public long attempts() {
    return delivered + failedAttempts;
  }

  /** The time of the most recent attempt, or null. */
  public Long lastAttemptMillis() {
    if (lastSuccessMillis == null) {
      return lastFailureMillis;
    }
    return lastFailureMillis == null ? lastSuccessMillis : Math.max(lastSuccessMillis, lastFailureMillis);
  }
}
