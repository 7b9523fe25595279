package keywatch.watch.metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import keywatch.watch.error.Validation;
import keywatch.watch.error.WatchException;
import keywatch.watch.event.LogEvent;
import keywatch.watch.pattern.FilterPattern;
import keywatch.watch.pattern.MatchResult;
import keywatch.watch.pattern.ParsedEvent;
import keywatch.watch.pattern.PatternSyntaxException;

/**
 * The metric filters of every log group (PutMetricFilter, DeleteMetricFilter,
 * DescribeMetricFilters) and their application to incoming log events.
 *
 * <p>Values are published at 1-second resolution (keywatch's choice, so that 10-second alarms like
 * the lab's have data to work on). A {@code defaultValue} is published at most once per filter and
 * second in which events arrived but none matched, which is how CloudWatch describes it ("the value
 * reported during a period when logs are ingested but no matching logs are found").
 */
public final class MetricFilters {
  public static final int MAX_FILTERS_PER_LOG_GROUP = 100;
  public static final int STORAGE_RESOLUTION_SECONDS = 1;

  private final MetricStore store;
  private final Map<String, LinkedHashMap<String, MetricFilter>> byLogGroup = new TreeMap<>();
  private final Map<MetricFilter, Long> lastDefaultSecond = new java.util.IdentityHashMap<>();
  private final Map<MetricFilter, Long> lastPublishedSecond = new java.util.IdentityHashMap<>();


  public MetricFilters(MetricStore store) {
    this(store, MetricFilterRepository.NONE);
  }

  /** Loads the stored filters; every later put and delete is written through. */
  public MetricFilters(MetricStore store, MetricFilterRepository repository) {
    this.store = store;
    for (MetricFilterRepository.StoredFilter f : repository.loadAll()) {
      put(f.logGroupName(), f.filterName(), f.filterPattern(), f.transformations(), f.creationTimeMillis());
    }
    this.repository = repository;
  }

  private MetricFilterRepository repository = MetricFilterRepository.NONE;
  private volatile java.util.function.BiConsumer<MetricFilter, LogEvent> matchListener;

  /** Told of every event that published a value through a filter (the alarm evidence keeps them). */
  public void onMatch(java.util.function.BiConsumer<MetricFilter, LogEvent> listener) {
    this.matchListener = listener;
  }

  /** PutMetricFilter: creates or replaces (a replaced filter keeps its creation time). */
  public MetricFilter put(
      String logGroupName, String filterName, String filterPattern, List<MetricTransformation> transformations, long nowMillis) {
    Validation v = new Validation();
    v.required("logGroupName", logGroupName)
        .length("logGroupName", logGroupName, 1, 512)
        .pattern("logGroupName", logGroupName, "[\\.\\-_/#A-Za-z0-9]+")
        .required("filterName", filterName)
        .length("filterName", filterName, 1, 512)
        .pattern("filterName", filterName, "[^:*]*")
        .required("filterPattern", filterPattern)
        .length("filterPattern", filterPattern, 0, 1024)
        .required("metricTransformations", transformations)
        .size("metricTransformations", transformations, 1, 1);
    if (transformations != null) {
      for (int i = 0; i < transformations.size(); i++) {
        MetricTransformation t = transformations.get(i);
        String at = "metricTransformations." + (i + 1) + ".member.";
        v.required(at + "metricName", t.metricName())
            .length(at + "metricName", t.metricName(), 0, 255)
            .pattern(at + "metricName", t.metricName(), "[^:*$]*")
            .required(at + "metricNamespace", t.metricNamespace())
            .length(at + "metricNamespace", t.metricNamespace(), 0, 255)
            .pattern(at + "metricNamespace", t.metricNamespace(), "[^:*$]*")
            .required(at + "metricValue", t.metricValue())
            .length(at + "metricValue", t.metricValue(), 0, 100)
            .oneOf(at + "unit", t.unit(), MetricTransformation.UNITS);
      }
    }
    v.throwIfAny();
    FilterPattern compiled;
    try {
      compiled = FilterPattern.parse(filterPattern);
    } catch (PatternSyntaxException e) {
      throw new WatchException("InvalidParameterException", "Invalid metric filter pattern: " + e.getMessage());
    }
    MetricTransformation t = transformations.get(0);
    if (t.dimensions().size() > 3) {
      throw new WatchException(
          "InvalidParameterException", "Invalid metric transformation: a metric filter can include at most 3 dimensions.");
    }
    if (!t.dimensions().isEmpty() && t.defaultValue() != null) {
      throw new WatchException(
          "InvalidParameterException",
          "Invalid metric transformation: a metric transformation with dimensions cannot have a default value.");
    }
    if (!t.valueIsReference() && parseNumber(t.metricValue()).isEmpty()) {
      throw new WatchException(
          "InvalidParameterException",
          "Invalid metric value: " + t.metricValue() + " (a number, or a $.field or $field reference).");
    }
    LinkedHashMap<String, MetricFilter> group = byLogGroup.computeIfAbsent(logGroupName, g -> new LinkedHashMap<>());
    MetricFilter previous = group.get(filterName);
    if (previous == null && group.size() >= MAX_FILTERS_PER_LOG_GROUP) {
      throw new WatchException("LimitExceededException", "Resource limit exceeded.");
    }
    MetricFilter f =
        new MetricFilter(
            logGroupName, filterName, filterPattern, transformations,
            previous == null ? nowMillis : previous.creationTimeMillis(), compiled);
    group.put(filterName, f);
    repository.save(new MetricFilterRepository.StoredFilter(logGroupName, filterName, filterPattern, transformations, f.creationTimeMillis()));
    return f;
  }

  public void delete(String logGroupName, String filterName) {
    Map<String, MetricFilter> group = byLogGroup.get(logGroupName);
    if (group == null || group.remove(filterName) == null) {
      throw new WatchException("ResourceNotFoundException", "The specified metric filter does not exist.");
    }
    repository.delete(logGroupName, filterName);
  }

  public List<MetricFilter> describe(String logGroupName) {
    Map<String, MetricFilter> group = byLogGroup.get(logGroupName);
    return group == null ? List.of() : List.copyOf(group.values());
  }

  public List<MetricFilter> all() {
    List<MetricFilter> out = new ArrayList<>();
    byLogGroup.values().forEach(g -> out.addAll(g.values()));
    return out;
  }

  /** Runs every filter of the log group over one event; returns how many filters matched. */
  public int apply(String logGroupName, LogEvent event) {
    Map<String, MetricFilter> group = byLogGroup.get(logGroupName);
    if (group == null) {
      return 0;
    }
    ParsedEvent parsed = ParsedEvent.of(event.message());
    int matched = 0;
    for (MetricFilter f : group.values()) {
      if (apply(f, event, parsed)) {
        matched++;
      }
    }
    return matched;
  }

  /** Runs every filter of every log group over one event (a replay's input stands for each group). */
  public int applyAll(LogEvent event) {
    ParsedEvent parsed = ParsedEvent.of(event.message());
    int matched = 0;
    for (Map<String, MetricFilter> group : byLogGroup.values()) {
      for (MetricFilter f : group.values()) {
        if (apply(f, event, parsed)) {
          matched++;
        }
      }
    }
    return matched;
  }

  /** Runs one filter over one event; true if it matched. */
  public boolean apply(MetricFilter f, LogEvent event) {
    return apply(f, event, ParsedEvent.of(event.message()));
  }

  /**
   * Runs one filter over one event whose parse the caller shares among all the filters it runs,
   * so a record is scanned for each needle and parsed into a tree at most once, however many
   * filters look at it (see {@link ParsedEvent}).
   */
  private boolean apply(MetricFilter f, LogEvent event, ParsedEvent parsed) {
    MetricTransformation t = f.transformation();
    MatchResult r = f.pattern().match(parsed);
    long second = Math.floorDiv(event.timestampMillis(), 1000L);
    if (!r.matched()) {
      if (t.defaultValue() != null
          && !Long.valueOf(second).equals(lastDefaultSecond.get(f))
          && !Long.valueOf(second).equals(lastPublishedSecond.get(f))) {
        lastDefaultSecond.put(f, second);
        store.put(MetricId.of(t.metricNamespace(), t.metricName()), event.timestampMillis(), t.defaultValue(), t.unit(), STORAGE_RESOLUTION_SECONDS);
      }
      return false;
    }
    Optional<Double> value =
        t.valueIsReference() ? r.valueOf(t.metricValue()).flatMap(MetricFilters::parseNumber) : parseNumber(t.metricValue());
    if (value.isEmpty()) {
      return true; // a non-numeric value publishes nothing, as in CloudWatch
    }
    MetricId id;
    if (t.dimensions().isEmpty()) {
      id = MetricId.of(t.metricNamespace(), t.metricName());
    } else {
      TreeMap<String, String> dims = new TreeMap<>();
      for (Map.Entry<String, String> d : t.dimensions().entrySet()) {
        String ref = d.getValue();
        Optional<String> dv = ref.startsWith("$") ? r.valueOf(ref) : Optional.of(ref);
        if (dv.isEmpty()) {
          return true; // no value for a dimension: nothing to publish
        }
        dims.put(d.getKey(), dv.get());
      }
      id = new MetricId(t.metricNamespace(), t.metricName(), dims);
    }
    lastPublishedSecond.put(f, second);
    // The listener (the alarms' evidence) hears of the event before the store does: a store put can
    // decide an alarm at once (early decision), and that alarm's evidence must include this event.
    java.util.function.BiConsumer<MetricFilter, LogEvent> l = matchListener;
    if (l != null) {
      l.accept(f, event);
    }
    store.put(id, event.timestampMillis(), value.get(), t.unit(), STORAGE_RESOLUTION_SECONDS);
    return true;
  }

  static Optional<Double> parseNumber(String s) {
    if (s == null) {
      return Optional.empty();
    }
    try {
      double d = Double.parseDouble(s.strip());
      return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
