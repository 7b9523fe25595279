package keywatch.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import keywatch.watch.action.AlarmChangesForServer;
import keywatch.watch.action.AlarmNotifier;
import keywatch.watch.action.Deliveries;
import keywatch.watch.action.EvidenceLog;
import keywatch.watch.action.ManualScheduler;
import keywatch.watch.action.RetryPolicy;
import keywatch.watch.action.SnsLinks;
import keywatch.watch.action.Topics;
import org.junit.jupiter.api.Test;

/** Each alarm notification yields a CloudTrail record naming the alarm that caused it. */
class NotificationRecordsTest {
  @Test
  void publishRecordCarriesItsAlarm() {
    Topics topics = new Topics("us-east-1", "111122223333",
        new Deliveries(new ManualScheduler(0), RetryPolicy.DEFAULT, p -> (s, n) -> {}, null), new SnsLinks("http://x"), null);
    String topic = topics.createTopic("pattern1-logging-topic").arn();
    AlarmNotifier notifier = new AlarmNotifier(topics, new EvidenceLog(1), List.of(), Runnable::run);
    List<ObjectNode> trail = new ArrayList<>();
    notifier.onPublished((c, n) -> trail.add(NotificationRecords.publish(c, n)));

    notifier.stateChanged(AlarmChangesForServer.labAlarm(topic, Instant.parse("2026-11-27T16:00:10.250Z")));

    assertThat(trail).singleElement().satisfies(r -> {
      assertThat(r.path("eventSource").asText()).isEqualTo("sns.amazonaws.com");
      assertThat(r.path("eventName").asText()).isEqualTo("Publish");
      assertThat(r.path("eventTime").asText()).isEqualTo("2026-11-27T16:00:10Z");
      assertThat(r.path("userIdentity").path("invokedBy").asText()).isEqualTo("cloudwatch.amazonaws.com");
      assertThat(r.path("requestParameters").path("topicArn").asText()).isEqualTo(topic);
      assertThat(r.path("additionalEventData").path("alarmName").asText()).isEqualTo(AlarmChangesForServer.NAME);
      assertThat(r.path("responseElements").path("messageId").asText()).isNotEmpty();
    });
  }
}
