package keywatch.watch.action;

/**
 * A subscription of an endpoint to a topic. Until confirmed, its ARN is SNS's
 * {@code "PendingConfirmation"} to the outside and it receives no notification.
 *
 * @param arn {@code <topicArn>:<uuid>}, assigned at subscribe time
 * @param token the confirmation token sent to the endpoint (a secret: it alone confirms)
 */
public record Subscription(String arn, String topicArn, Protocol protocol, String endpoint, boolean confirmed, String token) {
  public Subscription confirm() {
    return new Subscription(arn, topicArn, protocol, endpoint, true, token);
  }

  /** The ARN as ListSubscriptions shows it. */
  public String visibleArn() {
    return confirmed ? arn : "PendingConfirmation";
  }

  @Override
  public String toString() {
    return "Subscription[" + arn + ", " + protocol.awsName() + ", " + endpoint + (confirmed ? "" : ", pending") + "]";
  }
}
