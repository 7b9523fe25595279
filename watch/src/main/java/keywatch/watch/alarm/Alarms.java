package keywatch.watch.alarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import keywatch.watch.error.WatchException;
import keywatch.watch.metric.Aggregate;
import keywatch.watch.metric.MetricId;
import keywatch.watch.metric.MetricListener;
import keywatch.watch.metric.MetricStore;
import keywatch.watch.metric.Statistic;

/**
 * The alarm engine: PutMetricAlarm, DeleteAlarms, DescribeAlarms, DescribeAlarmHistory,
 * SetAlarmState, and evaluation.
 *
 * <p>Design note. Evaluation is driven from outside by {@link #evaluate(Instant)}: the live loop
 * ticks it every 10 seconds, a replay at every period boundary its events cross; nothing here
 * sleeps or schedules. An alarm looks at the last complete periods before {@code now} (periods
 * aligned on multiples of their length since the epoch): its evaluation range is EvaluationPeriods
 * plus {@value #EXTRA_RANGE_PERIODS} periods, the range AWS's missing-data tables show.
 * Actions are handed to {@link AlarmActions} only on a change of state, after the new state and
 * its history entry are stored.
 *
 * <p>Early decision (keywatch's improvement, per alarm, off by default): when the statistic can
 * only grow within a period (Sum of non-negative values, SampleCount, Maximum) and the comparison
 * is greater-than, a breach seen in the period in progress cannot be undone by later values, so
 * the alarm may go to ALARM as soon as the value arrives instead of at the period's end.
 *
 * <p>Not thread-safe: one loop (live ingest and ticks, or a replay) drives the engine and its store.
 */
public final class Alarms implements MetricListener {
  /** The account and region alarm ARNs and messages name. */
  public record Account(String accountId, String region) {
    public static final Account DEFAULT = new Account("111122223333", "us-east-1");
  }

  public static final int EXTRA_RANGE_PERIODS = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MetricStore store;
  private final AlarmRepository repository;
  private final AlarmActions actions;
  private final Clock clock;
  private final Account account;
  private final Map<String, AlarmStatus> alarms = new LinkedHashMap<>();
  private final Map<MetricId, List<String>> earlyByMetric = new HashMap<>();
  private final List<java.util.function.Consumer<AlarmStateChange>> observers = new ArrayList<>();

  public Alarms(MetricStore store, AlarmRepository repository, AlarmActions actions, Clock clock, Account account) {
    this.store = store;
    this.repository = repository;
    this.actions = actions;
    this.clock = clock;
    this.account = account;
    for (AlarmStatus a : repository.loadAlarms()) {
      alarms.put(a.definition().alarmName(), a);
    }
    reindex();
    store.addListener(this);
  }

  /** Observers see every transition, whether or not the alarm's actions are enabled (history views, replay). */
  public void observeTransitions(java.util.function.Consumer<AlarmStateChange> observer) {
    observers.add(observer);
  }

  public String arn(String alarmName) {
    return "arn:aws:cloudwatch:" + account.region() + ":" + account.accountId() + ":alarm:" + alarmName;
  }

  /** PutMetricAlarm: a new alarm starts in INSUFFICIENT_DATA; an update keeps the current state. */
  public AlarmStatus put(AlarmDefinition def) {
    Instant now = clock.instant();
    AlarmStatus existing = alarms.get(def.alarmName());
    AlarmStatus status;
    if (existing == null) {
      status =
          new AlarmStatus(def, arn(def.alarmName()), AlarmState.INSUFFICIENT_DATA, "Unchecked: Initial alarm creation", null, now, now, now);
    } else {
      status =
          new AlarmStatus(def, existing.alarmArn(), existing.stateValue(), existing.stateReason(), existing.stateReasonData(),
              existing.stateUpdatedTimestamp(), existing.stateTransitionedTimestamp(), now);
    }
    alarms.put(def.alarmName(), status);
    repository.saveAlarm(status);
    ObjectNode data = JSON.createObjectNode().put("version", "1.0").put("type", existing == null ? "Create" : "Update");
    repository.appendHistory(
        new AlarmHistoryItem(def.alarmName(), now, AlarmHistoryItem.CONFIGURATION_UPDATE,
            "Alarm \"" + def.alarmName() + "\" " + (existing == null ? "created" : "updated"), data.toString()));
    reindex();
    return status;
  }

  public void delete(String alarmName) {
    if (alarms.remove(alarmName) == null) {
      throw new WatchException("ResourceNotFound", "Alarm " + alarmName + " not found");
    }
    repository.deleteAlarm(alarmName);
    reindex();
  }

  public Optional<AlarmStatus> describe(String alarmName) {
    return Optional.ofNullable(alarms.get(alarmName));
  }

  public List<AlarmStatus> describeAll() {
    return List.copyOf(alarms.values());
  }

  /** Oldest first. */
  public List<AlarmHistoryItem> history(String alarmName) {
    return repository.history(alarmName);
  }

  /** SetAlarmState: forces a state until the next evaluation decides otherwise. */
  public Optional<AlarmStateChange> setAlarmState(String alarmName, AlarmState state, String reason) {
    AlarmStatus a = alarms.get(alarmName);
    if (a == null) {
      throw new WatchException("ResourceNotFound", "Alarm " + alarmName + " not found");
    }
    return transition(a, new Decision(state, reason, null), clock.instant());
  }

  /** Evaluates every alarm at {@code now}; returns the state changes, in alarm order. */
  public List<AlarmStateChange> evaluate(Instant now) {
    List<AlarmStateChange> changes = new ArrayList<>();
    for (AlarmStatus a : List.copyOf(alarms.values())) {
      AlarmDefinition def = a.definition();
      long periodMs = def.periodSeconds() * 1000L;
      long end = Math.floorDiv(now.toEpochMilli(), periodMs) * periodMs;
      Decision d = AlarmEvaluator.evaluate(def, range(def, end), a.stateValue(), now.toEpochMilli());
      transition(a, d, now).ifPresent(changes::add);
    }
    return changes;
  }

  /** Evaluates one alarm at {@code now}. */
  public Optional<AlarmStateChange> evaluate(String alarmName, Instant now) {
    AlarmStatus a = alarms.get(alarmName);
    if (a == null) {
      throw new WatchException("ResourceNotFound", "Alarm " + alarmName + " not found");
    }
    long periodMs = a.definition().periodSeconds() * 1000L;
    long end = Math.floorDiv(now.toEpochMilli(), periodMs) * periodMs;
    return transition(a, AlarmEvaluator.evaluate(a.definition(), range(a.definition(), end), a.stateValue(), now.toEpochMilli()), now);
  }

  /** The evaluation range whose newest period ends at {@code endMillis}, oldest first. */
  public List<EvaluatedPoint> range(AlarmDefinition def, long endMillis) {
    long periodMs = def.periodSeconds() * 1000L;
    int size = def.evaluationPeriods() + EXTRA_RANGE_PERIODS;
    MetricId id = def.metricId();
    List<EvaluatedPoint> out = new ArrayList<>(size);
    for (int i = size; i >= 1; i--) {
      long start = endMillis - i * periodMs;
      Optional<Aggregate> agg = store.aggregate(id, start, start + periodMs);
      out.add(agg.map(a -> new EvaluatedPoint(start, value(def, a), a.sampleCount())).orElseGet(() -> EvaluatedPoint.missing(start)));
    }
    return out;
  }

  static double value(AlarmDefinition def, Aggregate a) {
    return def.statistic() != null ? a.value(def.statistic()) : a.percentile(def.extendedStatistic().percent());
  }

  @Override
  public void valueRecorded(MetricId id, long timestampMillis) {
    List<String> names = earlyByMetric.get(id);
    if (names == null) {
      return;
    }
    Instant now = clock.instant();
    for (String name : names) {
      AlarmStatus a = alarms.get(name);
      if (a == null || a.stateValue() == AlarmState.ALARM) {
        continue;
      }
      AlarmDefinition def = a.definition();
      long periodMs = def.periodSeconds() * 1000L;
      long periodStart = Math.floorDiv(timestampMillis, periodMs) * periodMs;
      long end = Math.max(periodStart + periodMs, Math.floorDiv(now.toEpochMilli(), periodMs) * periodMs);
      if (end != periodStart + periodMs) {
        continue; // a late value for a closed period: the next regular evaluation sees it
      }
      Optional<Aggregate> current = store.aggregate(id, periodStart, end);
      if (current.isEmpty()
          || (def.statistic() == Statistic.SUM && current.get().minimum() < 0)
          || !def.comparisonOperator().breaches(value(def, current.get()), def.threshold())) {
        continue;
      }
      Decision d = AlarmEvaluator.evaluate(def, range(def, end), a.stateValue(), now.toEpochMilli());
      if (d.state() == AlarmState.ALARM) {
        transition(a, new Decision(d.state(), d.reason().replaceFirst("^Threshold Crossed", "Threshold Crossed (early decision)"), d.reasonData()), now);
      }
    }
  }

  private Optional<AlarmStateChange> transition(AlarmStatus a, Decision d, Instant now) {
    if (d.retains() || d.state() == a.stateValue()) {
      return Optional.empty();
    }
    AlarmDefinition def = a.definition();
    String reasonData = d.reasonData() == null ? null : d.reasonData().toString();
    AlarmStatus next = a.withState(d.state(), d.reason(), reasonData, now);
    alarms.put(def.alarmName(), next);
    repository.saveAlarm(next);
    ObjectNode data = JSON.createObjectNode().put("version", "1.0");
    data.putObject("oldState").put("stateValue", a.stateValue().name()).put("stateReason", a.stateReason());
    ObjectNode ns = data.putObject("newState").put("stateValue", d.state().name()).put("stateReason", d.reason());
    if (d.reasonData() != null) {
      ns.set("stateReasonData", d.reasonData());
    }
    repository.appendHistory(
        new AlarmHistoryItem(def.alarmName(), now, AlarmHistoryItem.STATE_UPDATE,
            "Alarm updated from " + a.stateValue() + " to " + d.state(), data.toString()));
    AlarmStateChange change =
        new AlarmStateChange(
            def.alarmName(), def.alarmDescription(), account.accountId(), account.region(), a.alarmArn(),
            a.alarmConfigurationUpdatedTimestamp(), a.stateValue(), d.state(), d.reason(), reasonData, now,
            def.okActions(), def.alarmActions(), def.insufficientDataActions(),
            new AlarmStateChange.Trigger(
                def.metricName(), def.namespace(), def.statistic() != null ? "Statistic" : "ExtendedStatistic",
                def.statistic() != null ? def.statistic().name() : def.extendedStatistic().text(),
                def.unit(), def.dimensions(), def.periodSeconds(), def.evaluationPeriods(), def.datapointsToAlarm(),
                def.comparisonOperator(), def.threshold(), def.treatMissingData(), def.evaluateLowSampleCountPercentile()));
    observers.forEach(o -> o.accept(change));
    if (def.actionsEnabled()) {
      actions.stateChanged(change);
    }
    return Optional.of(change);
  }

  private void reindex() {
    earlyByMetric.clear();
    for (AlarmStatus a : alarms.values()) {
      if (a.definition().canDecideEarly()) {
        earlyByMetric.computeIfAbsent(a.definition().metricId(), k -> new ArrayList<>()).add(a.definition().alarmName());
      }
    }
  }
}
