package keywatch.watch.replay;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keywatch.watch.alarm.AlarmActions;
import keywatch.watch.alarm.AlarmDefinition;
import keywatch.watch.alarm.AlarmRepository;
import keywatch.watch.alarm.AlarmStateChange;
import keywatch.watch.alarm.Alarms;
import keywatch.watch.event.LogEvent;
import keywatch.watch.input.LogEventSource;
import keywatch.watch.metric.Datapoint;
import keywatch.watch.metric.MetricFilters;
import keywatch.watch.metric.MetricId;
import keywatch.watch.metric.MetricRepository;
import keywatch.watch.metric.MetricStore;
import keywatch.watch.rules.MetricFilterSpec;
import keywatch.watch.rules.RuleSet;

/**
 * Runs metric filters and alarms over historical log events in event time, which CloudWatch cannot
 * do (its metric filters never apply to past data).
 *
 * <p>Design note. The clock follows the events: it only moves forward, to each event's time. Before
 * an event is applied, every alarm is evaluated at each of its period boundaries the clock crosses,
 * exactly as the live loop would have at those instants; after the last event the clock runs on
 * until every alarm has evaluated the periods that hold data. Across a gap in the input longer than
 * an alarm's evaluation range, the evaluations in between would all see an empty range and decide
 * the same, so only the first of them is made. Records a little out of order (CloudTrail files
 * are not strictly sorted) are put back in order through a buffer of a few seconds of event time;
 * a record later than that is applied to its own period, which the next evaluations whose range
 * covers it then see.
 * Nothing is persisted and no action is taken: transitions are reported to the {@link Listener}.
 */
public final class Replay {
  /**
   * Replay settings. {@code logGroup} null applies every filter whatever its log group; events
   * arriving up to {@code reorderWindowMillis} of event time late are put back in order first.
   */
  public record Options(Alarms.Account account, String logGroup, boolean earlyDecision, long reorderWindowMillis) {
    public static final Options DEFAULT = new Options(Alarms.Account.DEFAULT, null, false, 5_000);

    public Options(Alarms.Account account, String logGroup, boolean earlyDecision) {
      this(account, logGroup, earlyDecision, DEFAULT.reorderWindowMillis());
    }
  }

  /** Told of progress and transitions as they happen. */
  public interface Listener {
    default void stateChanged(AlarmStateChange change) {}

    default void progress(long records, long bytesRead, long totalBytes) {}
  }

  /** What a replay found. */
  public record Result(
      long records, long matches, long firstEventMillis, long lastEventMillis, long elapsedNanos, long cpuNanos,
      List<AlarmStateChange> stateChanges, Map<MetricId, List<Datapoint>> series, Map<MetricId, Integer> seriesPeriodSeconds) {
    public double recordsPerSecond() {
      return elapsedNanos == 0 ? 0 : records / (elapsedNanos / 1e9);
    }

    /** Records per second of the replaying thread's CPU time: the one-core rate, whatever else the machine does. */
    public double recordsPerCpuSecond() {
      return cpuNanos <= 0 ? 0 : records / (cpuNanos / 1e9);
    }
  }

  public static final int PROGRESS_EVERY = 1 << 14;

  private final RuleSet rules;
  private final Options options;
  private final Listener listener;

  public Replay(RuleSet rules, Options options, Listener listener) {
    this.rules = rules;
    this.options = options;
    this.listener = listener;
  }

  public Result run(LogEventSource source) throws IOException {
    long startNanos = System.nanoTime();
    long startCpu = threadCpuNanos();
    EventClock clock = new EventClock(0);
    MetricStore store = new MetricStore(MetricRepository.NONE, MetricStore.Retention.DEFAULT);
    MetricFilters filters = new MetricFilters(store);
    for (MetricFilterSpec f : rules.metricFilters()) {
      if (options.logGroup() == null || options.logGroup().equals(f.logGroupName())) {
        filters.put(f.logGroupName() == null ? "replay" : f.logGroupName(), f.filterName(), f.filterPattern(), f.metricTransformations(), 0);
      }
    }
    Alarms alarms = new Alarms(store, AlarmRepository.inMemory(), AlarmActions.NONE, clock, options.account());
    List<AlarmStateChange> changes = new ArrayList<>();
    alarms.observeTransitions(c -> {
      changes.add(c);
      listener.stateChanged(c);
    });

    long records = 0;
    long matches = 0;
    long first = Long.MIN_VALUE;
    long now = Long.MIN_VALUE;
    long lastData = Long.MIN_VALUE;
    Map<String, Long> nextBoundary = new LinkedHashMap<>();
    Reorder reorder = new Reorder(source, options.reorderWindowMillis());
    LogEvent e;
    while ((e = reorder.next()) != null) {
      long t = e.timestampMillis();
      if (first == Long.MIN_VALUE) {
        first = t;
        now = t;
        clock.set(t);
        for (AlarmDefinition def : rules.alarms()) {
          AlarmDefinition d = options.earlyDecision() ? def.toBuilder().earlyDecision(true).build() : def;
          alarms.put(d);
          long p = d.periodSeconds() * 1000L;
          nextBoundary.put(d.alarmName(), Math.floorDiv(t, p) * p + p);
        }
      }
      if (t > now) {
        advance(alarms, clock, nextBoundary, now, t, lastData);
        now = t;
        clock.set(t);
      }
      lastData = Math.max(lastData, t);
      matches += options.logGroup() == null ? filters.applyAll(e) : filters.apply(options.logGroup(), e);
      records++;
      if ((records & (PROGRESS_EVERY - 1)) == 0) {
        listener.progress(records, source.bytesRead(), source.totalBytes());
      }
    }
    listener.progress(records, source.bytesRead(), source.totalBytes());
    if (records > 0) {
      long end = now;
      for (AlarmDefinition def : rules.alarms()) {
        end = Math.max(end, now + def.periodSeconds() * 1000L);
      }
      advance(alarms, clock, nextBoundary, now, end, lastData);
    }
    Map<MetricId, List<Datapoint>> series = new LinkedHashMap<>();
    Map<MetricId, Integer> periods = new LinkedHashMap<>();
    for (MetricId id : store.metricIds()) {
      int period = 60;
      for (AlarmDefinition def : rules.alarms()) {
        if (def.metricId().equals(id)) {
          period = Math.min(period, def.periodSeconds());
        }
      }
      periods.put(id, period);
      series.put(id, store.datapoints(id, period, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2));
    }
    long cpu = threadCpuNanos();
    return new Result(records, matches, first, now, System.nanoTime() - startNanos, cpu < 0 ? -1 : cpu - startCpu, changes, series, periods);
  }

  /**
   * Holds events for a window of event time and releases them in time order (stable: equal times
   * keep their input order). Input is mostly in order, so events no earlier than the last one
   * held go to a FIFO ring without any comparison; only stragglers go to a heap, and each release
   * takes the earlier of the two heads.
   */
  private static final class Reorder {
    private record Held(LogEvent event, long seq) {}

    private final LogEventSource source;
    private final long windowMillis;
    private final java.util.PriorityQueue<Held> stragglers =
        new java.util.PriorityQueue<>(java.util.Comparator.comparingLong((Held h) -> h.event().timestampMillis()).thenComparingLong(Held::seq));
    // The in-order FIFO: a ring of events with their input sequence numbers.
    private LogEvent[] ring = new LogEvent[1024];
    private long[] ringSeq = new long[1024];
    private int head;
    private int size;
    private long seq;
    private long maxSeen = Long.MIN_VALUE;
    private boolean drained;

    Reorder(LogEventSource source, long windowMillis) {
      this.source = source;
      this.windowMillis = windowMillis;
    }

    LogEvent next() throws IOException {
      if (windowMillis <= 0) {
        return source.next();
      }
      while (!drained && (isEmpty() || earliestMillis() > maxSeen - windowMillis)) {
        LogEvent e = source.next();
        if (e == null) {
          drained = true;
          break;
        }
        long t = e.timestampMillis();
        maxSeen = Math.max(maxSeen, t);
        if (size == 0 || t >= ring[(head + size - 1) & (ring.length - 1)].timestampMillis()) {
          push(e, seq++);
        } else {
          stragglers.add(new Held(e, seq++));
        }
      }
      if (size > 0) {
        Held s = stragglers.peek();
        LogEvent r = ring[head];
        if (s == null || r.timestampMillis() < s.event().timestampMillis()
            || (r.timestampMillis() == s.event().timestampMillis() && ringSeq[head] < s.seq())) {
          ring[head] = null;
          head = (head + 1) & (ring.length - 1);
          size--;
          return r;
        }
      }
      Held h = stragglers.poll();
      return h == null ? null : h.event();
    }

    private boolean isEmpty() {
      return size == 0 && stragglers.isEmpty();
    }

    private long earliestMillis() {
      long t = size > 0 ? ring[head].timestampMillis() : Long.MAX_VALUE;
      Held s = stragglers.peek();
      return s == null ? t : Math.min(t, s.event().timestampMillis());
    }

    private void push(LogEvent e, long n) {
      if (size == ring.length) {
        LogEvent[] r = new LogEvent[ring.length * 2];
        long[] q = new long[ring.length * 2];
        for (int k = 0; k < size; k++) {
          r[k] = ring[(head + k) & (ring.length - 1)];
          q[k] = ringSeq[(head + k) & (ring.length - 1)];
        }
        ring = r;
        ringSeq = q;
        head = 0;
      }
      int at = (head + size) & (ring.length - 1);
      ring[at] = e;
      ringSeq[at] = n;
      size++;
    }
  }

  private static long threadCpuNanos() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
  }

  private void advance(Alarms alarms, EventClock clock, Map<String, Long> nextBoundary, long from, long to, long lastData) {
    // Boundaries of all alarms in time order, so transitions come out in time order.
    while (true) {
      String name = null;
      long b = Long.MAX_VALUE;
      for (Map.Entry<String, Long> n : nextBoundary.entrySet()) {
        if (n.getValue() <= to && n.getValue() < b) {
          b = n.getValue();
          name = n.getKey();
        }
      }
      if (name == null) {
        return;
      }
      AlarmDefinition def = alarms.describe(name).orElseThrow().definition();
      long p = def.periodSeconds() * 1000L;
      clock.set(b);
      alarms.evaluate(name, Instant.ofEpochMilli(b));
      long next = b + p;
      long quiet = lastData + (def.evaluationPeriods() + Alarms.EXTRA_RANGE_PERIODS + 1) * p;
      if (next > quiet) {
        // Inside a gap: every evaluation until the data resumes sees an empty range.
        next = Math.max(next, Math.floorDiv(to, p) * p);
        if (next <= b) {
          next = b + p;
        }
      }
      nextBoundary.put(name, next);
    }
  }
}
