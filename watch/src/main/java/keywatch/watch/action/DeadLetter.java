package keywatch.watch.action;

/** A message that could not be delivered after every attempt. */
public record DeadLetter(
    String subscriptionArn, String protocol, String endpoint, String topicArn, String messageId, String subject,
    String message, int attempts, String lastError, String time) {}
