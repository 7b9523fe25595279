package keywatch.watch.action;

/**
 * Delivers to one kind of endpoint. Implementations throw on any failure (a non-2xx answer, a
 * refused connection, an SMTP error) so the delivery queue can retry.
 */
public interface Transport {
  void deliver(Subscription subscription, Notification notification) throws Exception;

  /** Sends SNS's confirmation request (a SubscriptionConfirmation message or email). */
  default void requestConfirmation(Subscription subscription, String subscribeUrl, java.time.Instant now) throws Exception {}
}
