package keywatch.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import keywatch.server.KeywatchServer;
import keywatch.server.config.ServerConfig;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.watch.alarm.AlarmDefinition;
import keywatch.watch.alarm.AlarmRepository;
import keywatch.watch.alarm.Alarms;
import keywatch.watch.event.LogEvent;
import keywatch.watch.metric.MetricFilters;
import keywatch.watch.metric.MetricStore;
import keywatch.watch.metric.MetricTransformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * LAB.md §4-5 with SMTP configured: keywatch starts with the lab topic and an email subscription,
 * GreenMail receives the confirmation, the link is followed on keywatch's own endpoint, and the
 * lab's alarm then arrives as CloudWatch's email with the evidence. Before confirmation the alarm
 * mails nothing.
 */
class LabEmailLoopTest {
  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  static final String NAME = "Pattern1ApplicationKMSSecurityAlarm";
  @TempDir Path dir;

  @Test
  void confirmOnKeywatchsEndpointThenTheAlarmEmail() throws Exception {
    ServerConfig config = ServerConfig.forTests(dir);
    Map<String, String> env = Map.of("KEYWATCH_SMTP_HOST", "127.0.0.1", "KEYWATCH_SMTP_PORT", Integer.toString(greenMail.getSmtp().getPort()),
        "KEYWATCH_SMTP_TLS", "none", "KEYWATCH_SMTP_FROM", "keywatch@example.test", "KEYWATCH_LAB_EMAIL", "secops@example.test");
    try (KeywatchServer server = KeywatchServer.start(config, Clock.systemUTC(), Clock.systemUTC(), env);
        KmsClient kms = KeywatchHarness.client(server.endpoint(), config.adminAccessKeyId(), config.adminSecretAccessKey())) {
      Actions actions = server.actions();
      String topic = "arn:aws:sns:us-east-1:111122223333:" + Actions.LAB_TOPIC;
      String key = kms.createKey(b -> b.description("app key")).keyMetadata().arn();

      assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
      MimeMessage confirmation = greenMail.getReceivedMessages()[0];
      assertThat(confirmation.getSubject()).isEqualTo("AWS Notification - Subscription Confirmation");
      Matcher link = Pattern.compile("(http://\\S+/sns/confirm\\?\\S+)").matcher((String) confirmation.getContent());
      assertThat(link.find()).as((String) confirmation.getContent()).isTrue();
      assertThat(link.group(1)).startsWith(server.endpoint());

      // An alarm before confirmation mails nothing.
      Lab lab = lab(actions, topic);
      feedFailures(lab.filters(), key, Instant.now());
      lab.alarms().evaluate(Instant.now());
      assertThat(lab.alarms().describe(NAME).orElseThrow().stateValue()).isEqualTo(keywatch.watch.alarm.AlarmState.ALARM);

      String url = link.group(1);
      HttpResponse<String> confirmed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);

      // Back to OK by hand, then two more failures: a new transition to ALARM.
      lab.alarms().setAlarmState(NAME, keywatch.watch.alarm.AlarmState.OK, "reset by test");
      feedFailures(lab.filters(), key, Instant.now());
      lab.alarms().evaluate(Instant.now());

      assertThat(greenMail.waitForIncomingEmail(10_000, 2)).isTrue();
      MimeMessage alarm = greenMail.getReceivedMessages()[1];
      assertThat(alarm.getSubject()).isEqualTo("ALARM: \"Pattern1ApplicationKMSSecurityAlarm\" in US East (N. Virginia)");
      assertThat(alarm.getAllRecipients()[0].toString()).isEqualTo("secops@example.test");
      String body = (String) alarm.getContent();
      assertThat(body)
          .contains("You are receiving this email because your Amazon CloudWatch Alarm \"Pattern1ApplicationKMSSecurityAlarm\" in the US East (N. Virginia) region has entered the ALARM state")
          .contains("- State Change:                OK -> ALARM")
          .contains("Evidence (keywatch)")
          .contains("Decrypt IncorrectKeyException  by " + AlarmLoopTest.APP_ROLE)
          .contains(key);

      // The lane is in order: had the alarm before confirmation been sent, it would have come
      // second. Exactly two deliveries: the confirmation and this alarm.
      String sub = actions.topics().subscriptionsOf(topic).get(0).arn();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (actions.topics().deliveries().status(sub).delivered() < 2 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(actions.topics().deliveries().status(sub).delivered()).isEqualTo(2);
      assertThat(greenMail.getReceivedMessages()).hasSize(2);
    }
  }

  /** The lab's metric filter and alarm (LAB.md §3-4) on one metric store, acting through keywatch's actions. */
  record Lab(MetricFilters filters, Alarms alarms) {}

  static Lab lab(Actions actions, String topic) {
    MetricStore store = new MetricStore();
    MetricFilters filters = new MetricFilters(store);
    filters.onMatch(actions.evidence()::record);
    filters.put("pattern1-logging-loggroup", "pattern1-logging-metricfilter",
        "{ $.errorCode = \"*\" && $.eventSource= \"kms.amazonaws.com\" && $.userIdentity.sessionContext.sessionIssuer.arn = \""
            + AlarmLoopTest.APP_ROLE + "\" }",
        List.of(new MetricTransformation("KMSSecurityError", "Pattern1Application/KMSSecurity", "1")), 0);
    Alarms alarms = new Alarms(store, AlarmRepository.inMemory(), actions.alarmActions(), Clock.systemUTC(),
        new Alarms.Account("111122223333", "us-east-1"));
    alarms.put(AlarmDefinition.builder().alarmName(NAME).namespace("Pattern1Application/KMSSecurity")
        .metricName("KMSSecurityError").statistic("Sum").periodSeconds(10).evaluationPeriods(1).datapointsToAlarm(1)
        .threshold(1.0).comparisonOperator("GreaterThanThreshold").treatMissingData("ignore")
        .alarmActions(List.of(topic)).earlyDecision(true).build());
    return new Lab(filters, alarms);
  }

  static void feedFailures(MetricFilters filters, String key, Instant at) {
    for (int i = 0; i < 2; i++) {
      filters.apply("pattern1-logging-loggroup", new LogEvent(at.toEpochMilli() + i,
          AlarmLoopTest.failedDecrypt(key, at.plusMillis(i), "ev-" + at.toEpochMilli() + "-" + i)));
    }
  }
}
