package keywatch.watch.action;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** Email over SMTP through jakarta.mail (Eclipse Angus). */
public final class SmtpMailer implements Mailer {
  /**
   * @param tls "none", "starttls" (required) or "smtps" (TLS from the first byte)
   * @param user null for no authentication
   */
  public record Settings(String host, int port, String user, String password, String tls, String from, int timeoutMillis) {
    @Override
    public String toString() {
      return "SmtpMailer.Settings[" + host + ":" + port + ", user " + user + ", tls " + tls + ", from " + from + "]";
    }
  }

  private final Settings settings;
  private final Session session;

  public SmtpMailer(Settings settings) {
    this.settings = settings;
    boolean smtps = "smtps".equals(settings.tls());
    String p = smtps ? "mail.smtps." : "mail.smtp.";
    Properties props = new Properties();
    props.put("mail.transport.protocol", smtps ? "smtps" : "smtp");
    props.put(p + "host", settings.host());
    props.put(p + "port", Integer.toString(settings.port()));
    props.put(p + "connectiontimeout", Integer.toString(settings.timeoutMillis()));
    props.put(p + "timeout", Integer.toString(settings.timeoutMillis()));
    props.put(p + "writetimeout", Integer.toString(settings.timeoutMillis()));
    if ("starttls".equals(settings.tls())) {
      props.put(p + "starttls.enable", "true");
      props.put(p + "starttls.required", "true");
    }
    if (settings.user() != null) {
      props.put(p + "auth", "true");
    }
    Authenticator auth = settings.user() == null ? null : new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(settings.user(), settings.password());
      }
    };
    this.session = Session.getInstance(props, auth);
  }

  @Override
  public void send(String to, String subject, String body) throws Exception {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(settings.from()));
    m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
    m.setSubject(subject, "UTF-8");
    m.setText(body, "UTF-8");
    Transport.send(m);
  }
}
