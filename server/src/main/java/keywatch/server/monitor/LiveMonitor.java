package keywatch.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import keywatch.watch.alarm.AlarmActions;
import keywatch.watch.alarm.AlarmDefinition;
import keywatch.watch.alarm.AlarmStateChange;
import keywatch.watch.alarm.Alarms;
import keywatch.watch.event.LogEvent;
import keywatch.watch.metric.MetricFilters;
import keywatch.watch.metric.MetricStore;
import keywatch.watch.rules.MetricFilterSpec;
import keywatch.watch.rules.RuleSet;
import keywatch.watch.store.JdbcAlarmRepository;
import keywatch.watch.store.JdbcMetricFilterRepository;
import keywatch.watch.store.JdbcMetricRepository;
import keywatch.watch.store.WatchSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live monitoring loop: trail records in (as a CloudWatch Logs log group receives them from a
 * trail), metric filters, metrics, alarms, state changes out to the alarm actions.
 *
 * <p>Design note. The watch engine is single-threaded by design, so everything that touches it
 * runs on one thread here: records handed over by the trail's stream and the evaluation tick
 * (every second, which covers every period boundary of the 10/20/30/60·n-second periods). With
 * early decision on, an alarm whose statistic can only grow in a period decides ALARM as the
 * breaching record is applied, without waiting for the tick. Metrics, filters, alarm states and
 * history are stored through the watch module's JDBC repositories, so they survive a restart.
 */
public final class LiveMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveMonitor.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String logGroupName;
  private final Clock clock;
  private final MetricStore metrics;
  private final MetricFilters filters;
  private final Alarms alarms;
  private final ScheduledExecutorService loop;

  private LiveMonitor(String logGroupName, Clock clock, MetricStore metrics, MetricFilters filters, Alarms alarms,
      ScheduledExecutorService loop) {
    this.logGroupName = logGroupName;
    this.clock = clock;
    this.metrics = metrics;
    this.filters = filters;
    this.alarms = alarms;
    this.loop = loop;
  }

  /**
   * Starts the loop with the given rules installed (replacing same-named filters and alarms).
   *
   * @param earlyDecision keywatch's improvement on AWS for every alarm of {@code rules} (off: AWS-exact)
   */
  public static LiveMonitor start(DataSource dataSource, RuleSet rules, String logGroupName, AlarmActions actions,
      Clock clock, Alarms.Account account, boolean earlyDecision) {
    WatchSchema.migrate(dataSource);
    MetricStore metrics = new MetricStore(new JdbcMetricRepository(dataSource), MetricStore.Retention.DEFAULT);
    MetricFilters filters = new MetricFilters(metrics, new JdbcMetricFilterRepository(dataSource));
    Alarms alarms = new Alarms(metrics, new JdbcAlarmRepository(dataSource), actions, clock, account);
    long now = clock.millis();
    for (MetricFilterSpec f : rules.metricFilters()) {
      filters.put(f.logGroupName() != null ? f.logGroupName() : logGroupName, f.filterName(), f.filterPattern(),
          f.metricTransformations(), now);
    }
    for (AlarmDefinition a : rules.alarms()) {
      alarms.put(earlyDecision ? a.toBuilder().earlyDecision(true).build() : a);
    }
    ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "keywatch-monitor");
      t.setDaemon(true);
      return t;
    });
    LiveMonitor monitor = new LiveMonitor(logGroupName, clock, metrics, filters, alarms, loop);
    long delay = 1000 - Math.floorMod(now, 1000);
    loop.scheduleAtFixedRate(monitor::tick, delay, 1000, TimeUnit.MILLISECONDS);
    return monitor;
  }

  /** The trail's stream subscriber: one record, as the log group's log event. */
  public void accept(ObjectNode record) {
    long timestamp = eventTimeMillis(record);
    String message = record.toString();
    loop.execute(() -> {
      try {
        filters.apply(logGroupName, new LogEvent(timestamp, message));
      } catch (RuntimeException e) {
        log.error("metric filters failed on a record: {}", e.toString());
      }
    });
  }

  /** Observers see every alarm transition (the console, the lab report), on the monitor's thread. */
  public void observeTransitions(Consumer<AlarmStateChange> observer) {
    runOnLoop(() -> alarms.observeTransitions(observer));
  }

  /** Runs {@code work} on the monitor's thread and waits for it: how others read the engine's state safely. */
  public <T> T read(java.util.function.Function<Alarms, T> work) {
    CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> work.apply(alarms), loop);
    return f.join();
  }

  /** Evaluates every alarm now (the tick does this every second). */
  public List<AlarmStateChange> evaluateNow() {
    return read(a -> a.evaluate(clock.instant()));
  }

  public MetricFilters filters() {
    return filters;
  }

  public MetricStore metrics() {
    return metrics;
  }

  private void runOnLoop(Runnable r) {
    CompletableFuture.runAsync(r, loop).join();
  }

  private void tick() {
    try {
      Instant now = clock.instant();
      alarms.evaluate(now);
      metrics.purge(now.toEpochMilli());
    } catch (RuntimeException e) {
      log.error("alarm evaluation failed: {}", e.toString());
    }
  }

  /** CloudTrail's eventTime (seconds precision) as the log event's timestamp; now if absent. */
  private long eventTimeMillis(JsonNode record) {
    JsonNode t = record.get("eventTime");
    if (t != null && t.isTextual()) {
      try {
        return Instant.parse(t.textValue()).toEpochMilli();
      } catch (RuntimeException ignored) {
        // fall through
      }
    }
    return clock.millis();
  }

  @Override
  public void close() {
    ExecutorService l = loop;
    l.shutdown();
    try {
      if (!l.awaitTermination(5, TimeUnit.SECONDS)) {
        l.shutdownNow();
      }
      metrics.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
