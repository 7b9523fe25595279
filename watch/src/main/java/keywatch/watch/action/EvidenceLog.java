package keywatch.watch.action;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keywatch.watch.alarm.AlarmStateChange;
import keywatch.watch.event.LogEvent;
import keywatch.watch.metric.MetricFilter;

/**
 * The evidence behind an alarm. The metric store keeps sums, not the events that made them, so
 * this keeps the last {@code perMetric} events that published a value to each metric (namespace
 * and name), and for a state change hands out those inside the alarm's evaluation window: the
 * records that made it breach.
 */
public final class EvidenceLog {
  private record Entry(long timestampMillis, EvidenceRecord record) {}

  private final int perMetric;
  private final Map<String, Deque<Entry>> byMetric = new HashMap<>();

  public EvidenceLog(int perMetric) {
    this.perMetric = perMetric;
  }

  /** A {@code MetricFilters.onMatch} listener. */
  public void record(MetricFilter filter, LogEvent event) {
    EvidenceRecord r = EvidenceRecord.fromCloudTrail(event.message());
    if (r == null) {
      return;
    }
    String key = filter.transformation().metricNamespace() + "\u0000" + filter.transformation().metricName();
    synchronized (this) {
      Deque<Entry> d = byMetric.computeIfAbsent(key, k -> new ArrayDeque<>());
      d.addLast(new Entry(event.timestampMillis(), r));
      while (d.size() > perMetric) {
        d.removeFirst();
      }
    }
  }

  /**
   * Events of the alarm's metric from its evaluation window, {@code periodSeconds *
   * evaluationPeriods} before the change (plus one period, for data that was late or decided early)
   * up to one period after it.
   */
  public synchronized List<EvidenceRecord> forChange(AlarmStateChange change) {
    AlarmStateChange.Trigger t = change.trigger();
    Deque<Entry> d = byMetric.get(t.namespace() + "\u0000" + t.metricName());
    if (d == null) {
      return List.of();
    }
    long end = change.stateChangeTime().toEpochMilli() + t.periodSeconds() * 1000L;
    long start = change.stateChangeTime().toEpochMilli() - (long) t.periodSeconds() * (t.evaluationPeriods() + 1) * 1000L;
    List<EvidenceRecord> out = new ArrayList<>();
    for (Entry e : d) {
      if (e.timestampMillis() >= start && e.timestampMillis() <= end) {
        out.add(e.record());
      }
    }
    return out;
  }
}
