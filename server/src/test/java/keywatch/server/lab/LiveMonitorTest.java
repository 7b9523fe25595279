package keywatch.server.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import keywatch.kms.store.Database;
import keywatch.server.monitor.LiveMonitor;
import keywatch.watch.alarm.AlarmState;
import keywatch.watch.alarm.AlarmStateChange;
import keywatch.watch.alarm.Alarms;
import keywatch.watch.action.EvidenceLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live loop with the lab's rules exactly: records in, the alarm's decision out, early or AWS-exact. */
class LiveMonitorTest {
  static final String ROLE = "arn:aws:iam::111122223333:role/pattern1-app-Pattern1ECSTaskRole";
  static final String ALARM = "Pattern1ApplicationKMSSecurityAlarm";
  @TempDir Path dir;

  static ObjectNode decrypt(String issuer, Instant at, boolean failed) throws Exception {
    ObjectNode r = (ObjectNode) LabFiles.JSON.readTree("""
        {"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","sessionContext":{"sessionIssuer":{"type":"Role","arn":"%s"}}},
        "eventTime":"%s","eventSource":"kms.amazonaws.com","eventName":"Decrypt","awsRegion":"us-east-1",
        "readOnly":true,"eventType":"AwsApiCall"}""".formatted(issuer, at.truncatedTo(ChronoUnit.SECONDS)));
    if (failed) {
      r.put("errorCode", "IncorrectKeyException");
      r.put("errorMessage", "The key ID in the request does not identify a CMK that can perform this operation.");
    }
    return r;
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  static AlarmState state(LiveMonitor m) {
    return m.read(a -> a.describe(ALARM).orElseThrow().stateValue());
  }

  @Test
  void earlyDecisionAlarmsOnTheSecondFailureOfTheAppRoleOnly() throws Exception {
    List<AlarmStateChange> notified = new CopyOnWriteArrayList<>();
    CountDownLatch alarmed = new CountDownLatch(1);
    EvidenceLog evidence = new EvidenceLog(10);
    Database db = Database.open(Database.embeddedUrl(dir), "sa", "");
    try (LiveMonitor m = LiveMonitor.start(db.dataSource(), LabStack.labRules("111122223333", "us-east-1"),
        LabStack.LOG_GROUP, notified::add, Clock.systemUTC(), Alarms.Account.DEFAULT, true)) {
      m.filters().onMatch(evidence::record);
      m.observeTransitions(c -> {
        if (c.newState() == AlarmState.ALARM) {
          alarmed.countDown();
        }
      });
      // Keep the three records inside one 10-second period.
      Instant now = Instant.now();
      if (Math.floorMod(now.toEpochMilli(), 10_000L) > 8_000) {
        now = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(10 - now.getEpochSecond() % 10);
      }
      m.accept(decrypt(ROLE, now, false)); // success: not counted
      m.accept(decrypt("arn:aws:iam::111122223333:role/someone-else", now, true)); // other principal
      m.accept(decrypt(ROLE, now, true));
      assertThat(state(m)).isNotEqualTo(AlarmState.ALARM);
      m.accept(decrypt(ROLE, now, true));
      assertThat(alarmed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(state(m)).isEqualTo(AlarmState.ALARM);
      assertThat(notified).singleElement().satisfies(c -> {
        assertThat(c.alarmActions()).containsExactly("arn:aws:sns:us-east-1:111122223333:pattern1-logging-topic");
        assertThat(c.newStateReason()).contains("[2.0 ");
      });
      assertThat(evidence.forChange(notified.get(0))).hasSize(2);
    }
    // State and history survive a restart (JDBC repositories).
    try (LiveMonitor m = LiveMonitor.start(db.dataSource(), LabStack.labRules("111122223333", "us-east-1"),
        LabStack.LOG_GROUP, c -> { }, Clock.systemUTC(), Alarms.Account.DEFAULT, true)) {
      assertThat(state(m)).isEqualTo(AlarmState.ALARM);
      List<?> history = m.read(a -> a.history(ALARM));
      assertThat(history).isNotEmpty();
    } finally {
      db.close();
    }
  }

  @Test
  void awsExactDecidesOnlyOnceThePeriodHasEnded() throws Exception {
    Instant t0 = Instant.parse("2026-11-27T10:00:03Z");
    MovableClock clock = new MovableClock(t0);
    List<AlarmStateChange> notified = new CopyOnWriteArrayList<>();
    Database db = Database.open("jdbc:h2:mem:lmt-" + System.nanoTime(), "sa", "");
    try (LiveMonitor m = LiveMonitor.start(db.dataSource(), LabStack.labRules("111122223333", "us-east-1"),
        LabStack.LOG_GROUP, notified::add, clock, Alarms.Account.DEFAULT, false)) {
      m.accept(decrypt(ROLE, t0, true));
      m.accept(decrypt(ROLE, t0.plusSeconds(2), true));
      m.evaluateNow();
      assertThat(state(m)).isNotEqualTo(AlarmState.ALARM);
      clock.now = Instant.parse("2026-11-27T10:00:10.001Z");
      List<AlarmStateChange> changes = m.evaluateNow();
      assertThat(changes).singleElement().satisfies(c -> assertThat(c.newState()).isEqualTo(AlarmState.ALARM));
      assertThat(notified).hasSize(1);
      // SetAlarmState to OK, as on CloudWatch: the next evaluation returns to ALARM while the
      // breaching datapoint is in the evaluation range (why keywatch lab --runs uses a fresh monitor).
      Object reset = m.read(a -> a.setAlarmState(ALARM, AlarmState.OK, "test"));
      assertThat(reset.toString()).contains("OK");
      m.evaluateNow();
      assertThat(state(m)).isEqualTo(AlarmState.ALARM);
    } finally {
      db.close();
    }
  }

  @Test
  void aBadRecordDoesNotStopTheLoop() throws Exception {
    CountDownLatch alarmed = new CountDownLatch(1);
    Database db = Database.open("jdbc:h2:mem:lmt-" + System.nanoTime(), "sa", "");
    try (LiveMonitor m = LiveMonitor.start(db.dataSource(), LabStack.labRules("111122223333", "us-east-1"),
        LabStack.LOG_GROUP, c -> alarmed.countDown(), Clock.systemUTC(), Alarms.Account.DEFAULT, true)) {
      ObjectNode odd = LabFiles.JSON.createObjectNode();
      odd.put("eventTime", "not a time");
      m.accept(odd);
      Instant now = Instant.now();
      if (Math.floorMod(now.toEpochMilli(), 10_000L) > 8_000) {
        now = now.plus(Duration.ofSeconds(3));
      }
      m.accept(decrypt(ROLE, now, true));
      m.accept(decrypt(ROLE, now, true));
      assertThat(alarmed.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      db.close();
    }
  }
}
