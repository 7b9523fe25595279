package keywatch.watch.action;

import java.util.List;
import java.util.concurrent.Executor;
import keywatch.watch.alarm.AlarmActions;
import keywatch.watch.alarm.AlarmStateChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm engine's actions: publishes CloudWatch's message to every SNS topic among the new
 * state's actions, and hands the change with its evidence to the responders. Publishing only
 * queues; responders run on {@code responderExecutor}, so neither delays alarm evaluation.
 */
public final class AlarmNotifier implements AlarmActions {
  private static final Logger LOG = LoggerFactory.getLogger(AlarmNotifier.class);

  private final Topics topics;
  private final EvidenceLog evidence;
  private final List<Responder> responders;
  private final Executor responderExecutor;
  private volatile java.util.function.BiConsumer<AlarmStateChange, Notification> published = (c, n) -> {};

  public AlarmNotifier(Topics topics, EvidenceLog evidence, List<Responder> responders, Executor responderExecutor) {
    this.topics = topics;
    this.evidence = evidence;
    this.responders = List.copyOf(responders);
    this.responderExecutor = responderExecutor;
  }

  /** Told of each message published for a change (the server records it in the trail with its alarm). */
  public void onPublished(java.util.function.BiConsumer<AlarmStateChange, Notification> listener) {
    this.published = listener;
  }

  @Override
  public void stateChanged(AlarmStateChange change) {
    List<EvidenceRecord> records = evidence.forChange(change);
    String subject = AlarmMessages.subject(change);
    java.util.Map<String, String> messages = null;
    for (String action : change.actions()) {
      if (!action.startsWith("arn:aws:sns:")) {
        continue;
      }
      if (topics.topic(action).isEmpty()) {
        LOG.warn("alarm {}: action {} names no topic", change.alarmName(), action);
        continue;
      }
      if (messages == null) {
        messages = AlarmMessages.messages(change, records);
      }
      Notification n = topics.publish(action, subject, messages, change.stateChangeTime());
      try {
        published.accept(change, n);
      } catch (RuntimeException e) {
        LOG.error("recording the notification of alarm {} failed", change.alarmName(), e);
      }
    }
    for (Responder r : responders) {
      responderExecutor.execute(() -> {
        try {
          r.respond(change, records);
        } catch (RuntimeException e) {
          LOG.error("responder failed for alarm {}", change.alarmName(), e);
        }
      });
    }
  }
}
