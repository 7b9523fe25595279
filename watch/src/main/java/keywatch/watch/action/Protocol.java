package keywatch.watch.action;

/** A subscription's protocol, named as SNS's Subscribe takes it (plus keywatch's own two). */
public enum Protocol {
  EMAIL("email", true),
  EMAIL_JSON("email-json", true),
  HTTP("http", true),
  HTTPS("https", true),
  /** A Slack-compatible incoming webhook: the URL is the secret, so no confirmation step. */
  SLACK("slack", false),
  /** The local outbox: a file under the data directory and an in-memory view; no setup. */
  OUTBOX("outbox", false);

  private final String awsName;
  private final boolean needsConfirmation;

  Protocol(String awsName, boolean needsConfirmation) {
    this.awsName = awsName;
    this.needsConfirmation = needsConfirmation;
  }

  public String awsName() {
    return awsName;
  }

  public boolean needsConfirmation() {
    return needsConfirmation;
  }

  public static Protocol fromAws(String name) {
    for (Protocol p : values()) {
      if (p.awsName.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("Invalid parameter: Amazon SNS does not support this protocol string: " + name);
  }
}
