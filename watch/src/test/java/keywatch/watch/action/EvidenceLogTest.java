package keywatch.watch.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import keywatch.watch.event.LogEvent;
import keywatch.watch.metric.MetricFilters;
import keywatch.watch.metric.MetricStore;
import keywatch.watch.metric.MetricTransformation;
import org.junit.jupiter.api.Test;

/** Evidence: the matching records inside the alarm's window, summarised from CloudTrail fields. */
class EvidenceLogTest {
  static String record(String time, String error, String key) {
    return "{\"eventTime\":\"" + time + "\",\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"Decrypt\","
        + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/mallory\",\"accessKeyId\":\"AKIAEXAMPLE\"},"
        + (error == null ? "" : "\"errorCode\":\"" + error + "\",") + "\"sourceIPAddress\":\"203.0.113.9\","
        + "\"requestParameters\":{\"keyId\":\"" + key + "\"},\"eventID\":\"" + time + "\"}";
  }

  @Test
  void keepsTheRecordsThatFedTheAlarmsMetricInsideItsWindow() {
    MetricFilters filters = new MetricFilters(new MetricStore());
    EvidenceLog log = new EvidenceLog(10);
    filters.onMatch(log::record);
    filters.put("g", "f", "{ $.errorCode = \"*\" }",
        List.of(new MetricTransformation("KMSSecurityError", "Pattern1Application/KMSSecurity", "1")), 0);
    Instant change = Instant.parse("2026-11-27T16:00:10Z");
    filters.apply("g", new LogEvent(change.minusSeconds(3600).toEpochMilli(), record("2026-11-27T15:00:10Z", "NotFoundException", "old")));
    filters.apply("g", new LogEvent(change.minusSeconds(5).toEpochMilli(), record("2026-11-27T16:00:05Z", null, "ok-call")));
    filters.apply("g", new LogEvent(change.minusSeconds(4).toEpochMilli(), record("2026-11-27T16:00:06Z", "IncorrectKeyException", "k1")));

    List<EvidenceRecord> e = log.forChange(AlarmChanges.labAlarm("us-east-1", "arn:aws:sns:us-east-1:111122223333:t", change));

    assertThat(e).singleElement().satisfies(r -> {
      assertThat(r.principal()).isEqualTo("arn:aws:iam::111122223333:user/mallory");
      assertThat(r.accessKeyId()).isEqualTo("AKIAEXAMPLE");
      assertThat(r.keyId()).isEqualTo("k1");
      assertThat(r.eventName()).isEqualTo("Decrypt");
      assertThat(r.errorCode()).isEqualTo("IncorrectKeyException");
      assertThat(r.sourceIPAddress()).isEqualTo("203.0.113.9");
      assertThat(r.eventTime()).isEqualTo("2026-11-27T16:00:06Z");
    });
  }

  @Test
  void theEventThatDecidesAnAlarmAtOnceIsAlreadyInItsEvidence() {
    MetricStore store = new MetricStore();
    MetricFilters filters = new MetricFilters(store);
    EvidenceLog log = new EvidenceLog(10);
    filters.onMatch(log::record);
    filters.put("g", "f", "{ $.errorCode = \"*\" }",
        List.of(new MetricTransformation("KMSSecurityError", "Pattern1Application/KMSSecurity", "1")), 0);
    Instant change = Instant.parse("2026-11-27T16:00:10Z");
    // An early-deciding alarm evaluates inside the store's put, as Alarms does: the evidence must hold the event by then.
    List<List<EvidenceRecord>> seenAtDecision = new java.util.ArrayList<>();
    store.addListener((id, ts) -> seenAtDecision.add(log.forChange(
        AlarmChanges.labAlarm("us-east-1", "arn:aws:sns:us-east-1:111122223333:t", change))));
    filters.apply("g", new LogEvent(change.minusSeconds(1).toEpochMilli(), record("2026-11-27T16:00:09Z", "IncorrectKeyException", "k1")));

    assertThat(seenAtDecision).singleElement().satisfies(e -> assertThat(e).extracting(EvidenceRecord::keyId).containsExactly("k1"));
  }
}
