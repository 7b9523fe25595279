package keywatch.watch.action;

import java.time.Instant;
import java.util.UUID;

/**
 * email and email-json subscriptions. email gets the message's email text with SNS's unsubscribe
 * footer; email-json gets the signed Notification document, as SNS sends it.
 */
public final class EmailTransport implements Transport {
  public static final String CONFIRMATION_SUBJECT = "AWS Notification - Subscription Confirmation";
  public static final String DEFAULT_SUBJECT = "AWS Notification Message";

  private final Mailer mailer;
  private final SnsMessages messages;

  public EmailTransport(Mailer mailer, SnsMessages messages) {
    this.mailer = mailer;
    this.messages = messages;
  }

  @Override
  public void deliver(Subscription s, Notification n) throws Exception {
    String subject = n.subject() == null ? DEFAULT_SUBJECT : n.subject();
    String body = s.protocol() == Protocol.EMAIL_JSON
        ? SnsMessages.toJson(messages.notification(s, n))
        : n.messageFor(s.protocol()) + "\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n"
            + messages.links().unsubscribeUrl(s) + "\n";
    mailer.send(s.endpoint(), subject, body);
  }

  @Override
  public void requestConfirmation(Subscription s, String subscribeUrl, Instant now) throws Exception {
    String body = s.protocol() == Protocol.EMAIL_JSON
        ? SnsMessages.toJson(messages.confirmation(s, UUID.randomUUID().toString(), now))
        : "You have chosen to subscribe to the topic: \n" + s.topicArn()
            + "\n\nTo confirm this subscription, click or visit the link below (If this was in error no action is necessary):\n"
            + "Confirm subscription\n" + subscribeUrl + "\n";
    mailer.send(s.endpoint(), CONFIRMATION_SUBJECT, body);
  }
}
