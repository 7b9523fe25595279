package keywatch.watch.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With the production scheduler (real threads): a receiver that hangs does not hold up another
 * subscription's delivery, nor the publisher. Synchronised by latches, not by sleeping.
 */
class SlowReceiverTest {
  @Test
  void aHungReceiverDelaysNoOtherSubscriber() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch hungEntered = new CountDownLatch(1);
    CountDownLatch fastGotIt = new CountDownLatch(1);
    Transport t = (s, n) -> {
      if (s.endpoint().contains("hung")) {
        hungEntered.countDown();
        release.await();
      } else {
        fastGotIt.countDown();
      }
    };
    try (ExecutorScheduler scheduler = new ExecutorScheduler(Clock.systemUTC(), 4)) {
      Topics topics = new Topics("us-east-1", "111122223333", new Deliveries(scheduler, RetryPolicy.DEFAULT, p -> t, null),
          new SnsLinks("http://127.0.0.1:1"), null);
      String arn = topics.createTopic("alerts").arn();
      topics.subscribe(arn, Protocol.SLACK, "https://hung.example/");
      topics.publish(arn, "s", Map.of("default", "first"), Instant.now());
      assertThat(hungEntered.await(10, TimeUnit.SECONDS)).isTrue();

      topics.subscribe(arn, Protocol.SLACK, "https://fast.example/");
      topics.publish(arn, "s", Map.of("default", "second"), Instant.now());

      assertThat(fastGotIt.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();
    }
  }

  @Test
  void withoutSmtpTheConfirmationLinkLandsInTheOutbox() {
    ManualScheduler scheduler = new ManualScheduler(0);
    Outbox outbox = new Outbox(null);
    Topics topics = new Topics("us-east-1", "111122223333", new Deliveries(scheduler, RetryPolicy.DEFAULT, p -> outbox, null),
        new SnsLinks("http://127.0.0.1:4599"), null);
    String arn = topics.createTopic("pattern1-logging-topic").arn();
    Subscription s = topics.subscribe(arn, Protocol.EMAIL, "secops@example.test");
    scheduler.runDue();
    assertThat(outbox.recent()).singleElement().satisfies(e -> {
      assertThat(e.subject()).isEqualTo("AWS Notification - Subscription Confirmation");
      assertThat(e.message()).contains("http://127.0.0.1:4599/sns/confirm?").contains("Token=" + s.token());
    });
  }
}
