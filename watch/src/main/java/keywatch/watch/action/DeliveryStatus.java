package keywatch.watch.action;

/** Delivery counters of one subscription. */
public record DeliveryStatus(
    String subscriptionArn, long delivered, long failedAttempts, long deadLettered, int pending, String lastError,
    Long lastSuccessMillis, Long lastFailureMillis) {}
