package keywatch.watch.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import keywatch.watch.alarm.AlarmStateChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lab's email subscription against a real SMTP server (GreenMail on an OS-chosen port). */
class EmailSubscriptionTest {
  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  @Test
  void confirmationEmailThenAfterConfirmingTheAlarmEmail() throws Exception {
    ManualScheduler scheduler = new ManualScheduler(0);
    SmtpMailer mailer = new SmtpMailer(new SmtpMailer.Settings("127.0.0.1", greenMail.getSmtp().getPort(), null, null, "none",
        "keywatch@example.test", 5000));
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    SnsMessages messages = new SnsMessages(new SnsSigner(g.generateKeyPair().getPrivate(), 1), new SnsLinks("http://127.0.0.1:4599"));
    EmailTransport email = new EmailTransport(mailer, messages);
    Topics topics = new Topics("ap-southeast-2", "111122223333",
        new Deliveries(scheduler, RetryPolicy.DEFAULT, p -> email, null), messages.links(), null);
    String topic = topics.createTopic("pattern1-logging-topic").arn();
    assertThat(topic).isEqualTo("arn:aws:sns:ap-southeast-2:111122223333:pattern1-logging-topic");

    Subscription sub = topics.subscribe(topic, Protocol.EMAIL, "secops@example.test");
    scheduler.runDue();
    MimeMessage[] inbox = greenMail.getReceivedMessages();
    assertThat(inbox).hasSize(1);
    assertThat(inbox[0].getSubject()).isEqualTo("AWS Notification - Subscription Confirmation");
    String body = GreenMailUtil.getBody(inbox[0]);
    Matcher link = Pattern.compile("(http://127\\.0\\.0\\.1:4599/sns/confirm\\?\\S+)").matcher(body.replace("=\r\n", ""));
    assertThat(link.find()).isTrue();

    AlarmStateChange change = AlarmChanges.labAlarm("ap-southeast-2", topic, Instant.parse("2026-11-27T16:00:10Z"));
    EvidenceLog noEvidence = new EvidenceLog(10);
    AlarmNotifier notifier = new AlarmNotifier(topics, noEvidence, List.of(), Runnable::run);
    notifier.stateChanged(change); // still unconfirmed: nothing sent
    scheduler.runDue();
    assertThat(greenMail.getReceivedMessages()).hasSize(1);

    String token = java.net.URLDecoder.decode(link.group(1).replaceAll(".*[?&]Token=([^&]+).*", "$1"), "UTF-8");
    assertThat(topics.confirm(topic, token)).isPresent();
    notifier.stateChanged(change);
    scheduler.runDue();

    inbox = greenMail.getReceivedMessages();
    assertThat(inbox).hasSize(2);
    assertThat(inbox[1].getSubject())
        .isEqualTo("ALARM: \"Pattern1ApplicationKMSSecurityAlarm\" in Asia Pacific (Sydney)");
    assertThat(inbox[1].getAllRecipients()[0].toString()).isEqualTo("secops@example.test");
    String alarmBody = ((String) inbox[1].getContent());
    assertThat(alarmBody)
        .contains("You are receiving this email because your Amazon CloudWatch Alarm \"Pattern1ApplicationKMSSecurityAlarm\" in the Asia Pacific (Sydney) region has entered the ALARM state")
        .contains("- State Change:                OK -> ALARM")
        .contains("- MetricNamespace:             Pattern1Application/KMSSecurity")
        .contains("If you wish to stop receiving notifications from this topic")
        .contains(sub.arn().replace(":", "%3A"));
  }

  @Test
  void emailJsonGetsTheSignedSnsDocuments() throws Exception {
    greenMail.purgeEmailFromAllMailboxes();
    ManualScheduler scheduler = new ManualScheduler(0);
    SmtpMailer mailer = new SmtpMailer(new SmtpMailer.Settings("127.0.0.1", greenMail.getSmtp().getPort(), null, null, "none",
        "keywatch@example.test", 5000));
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    java.security.KeyPair kp = g.generateKeyPair();
    SnsMessages messages = new SnsMessages(new SnsSigner(kp.getPrivate(), 2), new SnsLinks("http://127.0.0.1:4599"));
    EmailTransport email = new EmailTransport(mailer, messages);
    Topics topics = new Topics("us-east-1", "111122223333",
        new Deliveries(scheduler, RetryPolicy.DEFAULT, p -> email, null), messages.links(), null);
    String topic = topics.createTopic("alerts").arn();
    Subscription sub = topics.subscribe(topic, Protocol.EMAIL_JSON, "robot@example.test");
    scheduler.runDue();
    topics.confirm(topic, sub.token());
    topics.publish(topic, "hello", java.util.Map.of("default", "{\"a\":1}", "email", "text"), Instant.EPOCH);
    scheduler.runDue();

    MimeMessage[] inbox = greenMail.getReceivedMessages();
    assertThat(inbox).hasSize(2);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.Map<String, String> confirmation = json.readValue((String) inbox[0].getContent(),
        new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() {});
    assertThat(confirmation.get("Type")).isEqualTo("SubscriptionConfirmation");
    assertThat(SnsSigner.verify(confirmation, kp.getPublic())).isTrue();
    java.util.Map<String, String> n = json.readValue(((String) inbox[1].getContent()).trim(),
        new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() {});
    assertThat(n.get("Type")).isEqualTo("Notification");
    assertThat(n.get("Message")).isEqualTo("{\"a\":1}");
    assertThat(inbox[1].getSubject()).isEqualTo("hello");
    assertThat(SnsSigner.verify(n, kp.getPublic())).isTrue();
  }
}
