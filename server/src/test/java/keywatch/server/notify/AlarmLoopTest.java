package keywatch.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import keywatch.server.respond.ResponsePolicy;
import keywatch.server.respond.ResponseRecord;
import keywatch.server.respond.ResponseState;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.watch.action.Outbox;
import keywatch.watch.action.Protocol;
import keywatch.watch.action.Subscription;
import keywatch.watch.alarm.AlarmDefinition;
import keywatch.watch.alarm.AlarmRepository;
import keywatch.watch.alarm.Alarms;
import keywatch.watch.event.LogEvent;
import keywatch.watch.metric.MetricFilters;
import keywatch.watch.metric.MetricStore;
import keywatch.watch.metric.MetricTransformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * The lab's loop on a running keywatch: two failed Decrypts by the app role, the lab's metric
 * filter and alarm (LAB.md §3-4), the lab topic's outbox gets CloudWatch's message with the
 * evidence, and the responder disables the key named in the records.
 */
class AlarmLoopTest {
  static final String APP_ROLE = "arn:aws:iam::111122223333:role/pattern1-app-Pattern1ECSTaskRole";
  static final String NAME = "Pattern1ApplicationKMSSecurityAlarm";
  @TempDir Path dir;

  static String failedDecrypt(String keyArn, Instant at, String eventId) {
    return """
        {"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:task",
        "arn":"arn:aws:sts::111122223333:assumed-role/pattern1-app-Pattern1ECSTaskRole/task","accountId":"111122223333",
        "accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE",
        "arn":"%s","accountId":"111122223333","userName":"pattern1-app-Pattern1ECSTaskRole"}}},
        "eventTime":"%s","eventSource":"kms.amazonaws.com","eventName":"Decrypt","awsRegion":"us-east-1",
        "sourceIPAddress":"10.0.0.7","userAgent":"aws-sdk-java","errorCode":"IncorrectKeyException",
        "errorMessage":"The key ID in the request does not identify a CMK that can perform this operation.",
        "requestParameters":{"keyId":"%s"},"responseElements":null,"eventID":"%s","readOnly":true,
        "resources":[{"accountId":"111122223333","type":"AWS::KMS::Key","ARN":"%s"}],"eventType":"AwsApiCall",
        "managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}
        """.formatted(APP_ROLE, at.toString(), keyArn, eventId, keyArn).replace("\n", "");
  }

  @Test
  void twoFailedDecryptsAlarmNotifyWithEvidenceAndDisableTheKey() throws Exception {
    try (KeywatchHarness h = KeywatchHarness.start(dir)) {
      Actions actions = h.server().actions();
      String key = h.kms().createKey(b -> b.description("app key")).keyMetadata().arn();
      String topic = "arn:aws:sns:us-east-1:111122223333:" + Actions.LAB_TOPIC;
      assertThat(actions.topics().subscriptionsOf(topic)).singleElement()
          .satisfies(s -> assertThat(s.protocol()).isEqualTo(Protocol.OUTBOX));
      actions.responder().put(ResponsePolicy.disableKey(NAME));

      MetricStore store = new MetricStore();
      MetricFilters filters = new MetricFilters(store);
      filters.onMatch(actions.evidence()::record);
      filters.put("pattern1-logging-loggroup", "pattern1-logging-metricfilter",
          "{ $.errorCode = \"*\" && $.eventSource= \"kms.amazonaws.com\" && $.userIdentity.sessionContext.sessionIssuer.arn = \""
              + APP_ROLE + "\" }",
          List.of(new MetricTransformation("KMSSecurityError", "Pattern1Application/KMSSecurity", "1")), 0);
      Alarms alarms = new Alarms(store, AlarmRepository.inMemory(), actions.alarmActions(), Clock.systemUTC(),
          new Alarms.Account("111122223333", "us-east-1"));
      alarms.put(AlarmDefinition.builder().alarmName(NAME).namespace("Pattern1Application/KMSSecurity")
          .metricName("KMSSecurityError").statistic("Sum").periodSeconds(10).evaluationPeriods(1).datapointsToAlarm(1)
          .threshold(1.0).comparisonOperator("GreaterThanThreshold").treatMissingData("ignore")
          .alarmActions(List.of(topic)).earlyDecision(true).build());

      Instant now = Instant.now();
      long start = System.nanoTime();
      for (int i = 0; i < 2; i++) {
        filters.apply("pattern1-logging-loggroup", new LogEvent(now.toEpochMilli() + i, failedDecrypt(key, now.plusMillis(i), "ev-" + i)));
      }
      alarms.evaluate(Instant.now());

      // Deliveries and responses run on their own threads; wait for them, at most a second.
      long deadline = start + 1_000_000_000L;
      while (System.nanoTime() < deadline
          && (actions.outbox().recent().isEmpty()
              || h.kms().describeKey(b -> b.keyId(key)).keyMetadata().keyState() != KeyState.DISABLED)) {
        Thread.onSpinWait();
      }
      assertThat(h.kms().describeKey(b -> b.keyId(key)).keyMetadata().keyState()).isEqualTo(KeyState.DISABLED);
      assertThatThrownBy(() -> h.kms().encrypt(b -> b.keyId(key).plaintext(SdkBytes.fromUtf8String("x"))))
          .isInstanceOf(DisabledException.class);

      Outbox.Entry mail = actions.outbox().recent().get(0);
      assertThat(mail.subject()).isEqualTo("ALARM: \"" + NAME + "\" in US East (N. Virginia)");
      assertThat(mail.message()).contains("\"NewStateValue\":\"ALARM\"").contains("\"KeywatchEvidence\"")
          .contains(APP_ROLE).contains("IncorrectKeyException").contains("10.0.0.7").contains(key);
      assertThat(Outbox.read(dir.resolve("outbox.jsonl"))).hasSize(1);

      ResponseRecord r = actions.responder().list().get(0);
      assertThat(r.state()).isEqualTo(ResponseState.DONE);
      assertThat(r.alarmName()).isEqualTo(NAME);
      actions.responder().undo(r.id());
      h.kms().encrypt(b -> b.keyId(key).plaintext(SdkBytes.fromUtf8String("x")));
    }
  }

  @Test
  void theConfirmationLinkAndTheCertificateAreServedOnKeywatchsEndpoint() throws Exception {
    try (KeywatchHarness h = KeywatchHarness.start(dir)) {
      Actions actions = h.server().actions();
      String topic = actions.topics().createTopic("alerts").arn();
      Subscription s = actions.topics().subscribe(topic, Protocol.EMAIL, "secops@example.test");
      HttpClient http = HttpClient.newHttpClient();
      String base = h.server().endpoint();

      HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + "/sns/confirm?Token=nope")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).isEqualTo(404);
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/sns/confirm?TopicArn="
          + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&Token=" + s.token())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(actions.topics().subscriptionsOf(topic)).singleElement().satisfies(x -> assertThat(x.confirmed()).isTrue());

      HttpResponse<String> cert = http.send(HttpRequest.newBuilder(URI.create(base + "/sns/SimpleNotificationService.pem")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(cert.body()).startsWith("-----BEGIN CERTIFICATE-----");
      // the KMS endpoint is unaffected
      assertThat(h.kms().listKeys().keys()).isEmpty();
    }
  }
}
