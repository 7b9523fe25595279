package keywatch.watch.action;

/** Sends one plain-text email. */
@FunctionalInterface
public interface Mailer {
  void send(String to, String subject, String body) throws Exception;
}
