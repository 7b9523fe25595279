package keywatch.watch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import keywatch.watch.alarm.AlarmState;
import keywatch.watch.alarm.AlarmStateChange;
import keywatch.watch.input.InputFormat;
import keywatch.watch.input.Inputs;
import keywatch.watch.metric.MetricId;
import keywatch.watch.rules.RulePack;
import org.junit.jupiter.api.Test;

class ReplayTest {
  static final String APP = "arn:aws:iam::111122223333:role/pattern1-app-Pattern1ECSTaskRole";

  static String call(Instant t, String errorCode, String roleArn) {
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"arn\":\""
        + roleArn + "\"}}},\"eventTime\":\"" + t + "\",\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"Decrypt\","
        + "\"awsRegion\":\"ap-southeast-2\"" + (errorCode == null ? "" : ",\"errorCode\":\"" + errorCode
        + "\",\"errorMessage\":\"The key ID in the request does not identify a CMK that can perform this operation.\"")
        + ",\"readOnly\":true,\"eventType\":\"AwsApiCall\"}";
  }

  /**
   * An hour of the app's traffic (a successful Decrypt every 7 s), one lone failure at 10:05:01,
   * and a burst of four failed decrypts at 10:20:31-34 (plus another role's failures, which the lab
   * filter must not count).
   */
  static String trail() {
    Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    java.util.TreeMap<Instant, List<String>> byTime = new java.util.TreeMap<>();
    for (int s = 0; s < 3600; s += 7) {
      byTime.computeIfAbsent(t0.plusSeconds(s), k -> new ArrayList<>()).add(call(t0.plusSeconds(s), null, APP));
    }
    byTime.computeIfAbsent(t0.plusSeconds(301), k -> new ArrayList<>()).add(call(t0.plusSeconds(301), "IncorrectKeyException", APP));
    for (int s = 1231; s <= 1234; s++) {
      Instant t = t0.plusSeconds(s);
      byTime.computeIfAbsent(t, k -> new ArrayList<>()).add(call(t, "IncorrectKeyException", APP));
      byTime.get(t).add(call(t, "IncorrectKeyException", "arn:aws:iam::111122223333:role/other"));
    }
    List<String> records = new ArrayList<>();
    byTime.values().forEach(records::addAll);
    return "{\"Records\":[" + String.join(",", records) + "]}";
  }

  @Test
  void recordsSlightlyOutOfOrderAreReplayedInOrder() throws IOException {
    Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    // Delivered out of order: the second failure of [10:00:00, 10:00:10) comes after a record of 10:00:12.
    String file = "{\"Records\":[" + String.join(",",
        call(t0.plusSeconds(1), "IncorrectKeyException", APP),
        call(t0.plusSeconds(12), null, APP),
        call(t0.plusSeconds(9), "IncorrectKeyException", APP),
        call(t0.plusSeconds(30), null, APP)) + "]}";
    for (long window : new long[] {0, 5_000}) {
      Replay replay = new Replay(RulePack.load("111122223333"),
          new Replay.Options(keywatch.watch.alarm.Alarms.Account.DEFAULT, null, false, window), new Replay.Listener() {});
      Replay.Result r = replay.run(Inputs.stream(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), -1, InputFormat.AUTO, 0));
      List<String> lab = r.stateChanges().stream().filter(c -> c.alarmName().equals("Pattern1ApplicationKMSSecurityAlarm"))
          .map(c -> c.stateChangeTime() + " " + c.newState()).toList();
      // As read, 10:00:10's evaluation sees Sum 1 (OK); the late failure is only seen at 10:00:20.
      // Reordered, 10:00:10's evaluation sees Sum 2, as live CloudWatch would have.
      if (window == 0) {
        assertThat(lab).containsExactly("2026-11-27T10:00:10Z OK", "2026-11-27T10:00:20Z ALARM");
      } else {
        assertThat(lab).containsExactly("2026-11-27T10:00:10Z ALARM");
      }
    }
  }

  @Test
  void labAlarmGoesToAlarmAtTheEndOfTheBurstsPeriod() throws IOException {
    for (boolean early : new boolean[] {false, true}) {
      List<AlarmStateChange> live = new ArrayList<>();
      Replay replay = new Replay(RulePack.load("111122223333"), new Replay.Options(keywatch.watch.alarm.Alarms.Account.DEFAULT, null, early),
          new Replay.Listener() {
            @Override
            public void stateChanged(AlarmStateChange change) {
              live.add(change);
            }
          });
      Replay.Result r = replay.run(Inputs.stream(new ByteArrayInputStream(trail().getBytes(StandardCharsets.UTF_8)), -1, InputFormat.AUTO, 0));
      List<AlarmStateChange> lab = r.stateChanges().stream().filter(c -> c.alarmName().equals("Pattern1ApplicationKMSSecurityAlarm")).toList();
      // The lone failure (Sum 1 is not > 1) gives the alarm its first datapoint: OK at its period's end.
      assertThat(lab).hasSize(2);
      assertThat(lab.get(0).newState()).isEqualTo(AlarmState.OK);
      assertThat(lab.get(0).stateChangeTime()).isEqualTo(Instant.parse("2026-11-27T10:05:10Z"));
      assertThat(lab.get(1).oldState()).isEqualTo(AlarmState.OK);
      assertThat(lab.get(1).newState()).isEqualTo(AlarmState.ALARM);
      // AWS-exact: at the end of the burst's period. Early decision: at the burst's second failure.
      Instant expected = early ? Instant.parse("2026-11-27T10:20:32Z") : Instant.parse("2026-11-27T10:20:40Z");
      assertThat(lab.get(1).stateChangeTime()).isEqualTo(expected);
      assertThat(lab.get(1).newStateReason()).contains(early ? "[2.0 (27/11/26 10:20:30)]" : "[4.0 (27/11/26 10:20:30)]");
      assertThat(live).containsExactlyElementsOf(r.stateChanges());
      var series = r.series().get(MetricId.of("Pattern1Application/KMSSecurity", "KMSSecurityError"));
      assertThat(r.seriesPeriodSeconds().get(MetricId.of("Pattern1Application/KMSSecurity", "KMSSecurityError"))).isEqualTo(10);
      assertThat(series).extracting(d -> Instant.ofEpochMilli(d.timestampMillis()).toString() + "=" + d.aggregate().sum())
          .containsExactly("2026-11-27T10:05:00Z=1.0", "2026-11-27T10:20:30Z=4.0");
    }
  }
}
