package keywatch.watch.metric;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Metric series in memory, written through to a {@link MetricRepository} on {@link #flush()}.
 *
 * <p>Design: a series keeps exact aggregates in buckets of its storage resolution: 1-second
 * buckets for high-resolution series, 60-second buckets otherwise. As CloudWatch does, high
 * resolution data is kept for a limited time (3 hours by default) and then rolled up into
 * 60-second buckets, which are kept for the standard retention (15 days by default; CloudWatch's
 * further 5-minute and 1-hour roll-ups are not modelled). A period's statistics merge the buckets
 * whose start lies in the period, so any period that is a multiple of the bucket width is exact.
 * Not thread-safe: one writer (the ingest loop or a replay) drives it, as the alarm engine does.
 */
public final class MetricStore {
  /** How long each resolution is kept. */
  public record Retention(Duration highResolution, Duration standard) {
    public static final Retention DEFAULT = new Retention(Duration.ofHours(3), Duration.ofDays(15));
  }

  private static final class Series {
    final MetricId id;
    String unit;
    final int storageResolutionSeconds;
    final TreeMap<Long, Aggregate> seconds = new TreeMap<>();
    final TreeMap<Long, Aggregate> minutes = new TreeMap<>();

    Series(MetricId id, String unit, int storageResolutionSeconds) {
      this.id = id;
      this.unit = unit;
      this.storageResolutionSeconds = storageResolutionSeconds;
    }
  }

  private record Key(MetricId id, int bucketSeconds, long startMillis) {}

  private final Map<MetricId, Series> series = new LinkedHashMap<>();
  private final MetricRepository repository;
  private final Retention retention;
  private final Map<Key, Boolean> dirty = new HashMap<>();
  private final List<BucketRow> deleted = new ArrayList<>();
  private final List<MetricListener> listeners = new ArrayList<>();

  public MetricStore() {
    this(MetricRepository.NONE, Retention.DEFAULT);
  }

  public MetricStore(MetricRepository repository, Retention retention) {
    this.repository = repository;
    this.retention = retention;
    for (BucketRow row : repository.loadAll()) {
      Series s = series.computeIfAbsent(row.id(), id -> new Series(id, row.unit(), row.storageResolutionSeconds()));
      (row.bucketSeconds() == 1 ? s.seconds : s.minutes).put(row.startMillis(), row.aggregate());
    }
  }

  /**
   * Records one value. {@code storageResolutionSeconds} is 1 (high resolution) or 60; a series
   * keeps the resolution it was created with.
   */
  public void put(MetricId id, long timestampMillis, double value, String unit, int storageResolutionSeconds) {
    if (storageResolutionSeconds != 1 && storageResolutionSeconds != 60) {
      throw new IllegalArgumentException("The value " + storageResolutionSeconds + " for parameter StorageResolution is not valid.");
    }
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return;
    }
    Series s = series.get(id);
    if (s == null) {
      s = new Series(id, unit, storageResolutionSeconds);
      series.put(id, s);
    }
    int width = s.storageResolutionSeconds;
    long start = Math.floorDiv(timestampMillis, width * 1000L) * width * 1000L;
    TreeMap<Long, Aggregate> map = width == 1 ? s.seconds : s.minutes;
    Aggregate a = map.get(start);
    if (a == null) {
      a = new Aggregate();
      map.put(start, a);
    }
    a.add(value);
    dirty.put(new Key(id, width, start), Boolean.TRUE);
    for (MetricListener l : listeners) {
      l.valueRecorded(id, timestampMillis);
    }
  }

  public void addListener(MetricListener listener) {
    listeners.add(listener);
  }

  public Set<MetricId> metricIds() {
    return series.keySet();
  }

  public Optional<String> unit(MetricId id) {
    Series s = series.get(id);
    return s == null ? Optional.empty() : Optional.ofNullable(s.unit);
  }

  /** The merged values of [fromMillis, toMillis), empty if no value lies there. */
  public Optional<Aggregate> aggregate(MetricId id, long fromMillis, long toMillis) {
    Series s = series.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Aggregate out = null;
    for (NavigableMap<Long, Aggregate> map : List.of(s.seconds, s.minutes)) {
      for (Aggregate a : map.subMap(fromMillis, true, toMillis, false).values()) {
        if (out == null) {
          out = new Aggregate();
        }
        out.merge(a);
      }
    }
    return Optional.ofNullable(out);
  }

  /** One datapoint per period with data, periods aligned on multiples of the period since the epoch. */
  public List<Datapoint> datapoints(MetricId id, int periodSeconds, long fromMillis, long toMillis) {
    long p = periodSeconds * 1000L;
    long start = Math.floorDiv(fromMillis, p) * p;
    List<Datapoint> out = new ArrayList<>();
    Series s = series.get(id);
    if (s == null) {
      return out;
    }
    TreeMap<Long, Aggregate> merged = new TreeMap<>();
    for (NavigableMap<Long, Aggregate> map : List.of(s.seconds, s.minutes)) {
      for (Map.Entry<Long, Aggregate> e : map.subMap(start, true, toMillis, false).entrySet()) {
        long slot = Math.floorDiv(e.getKey(), p) * p;
        merged.computeIfAbsent(slot, k -> new Aggregate()).merge(e.getValue());
      }
    }
    merged.forEach((t, a) -> out.add(new Datapoint(t, a)));
    return out;
  }

  /** Rolls high-resolution buckets past their retention into 60 s buckets; drops expired ones. */
  public void purge(long nowMillis) {
    long highCut = nowMillis - retention.highResolution().toMillis();
    long stdCut = nowMillis - retention.standard().toMillis();
    for (Series s : series.values()) {
      var old = s.seconds.headMap(highCut, false);
      for (Map.Entry<Long, Aggregate> e : old.entrySet()) {
        long minute = Math.floorDiv(e.getKey(), 60_000L) * 60_000L;
        s.minutes.computeIfAbsent(minute, k -> new Aggregate()).merge(e.getValue());
        dirty.put(new Key(s.id, 60, minute), Boolean.TRUE);
        dirty.remove(new Key(s.id, 1, e.getKey()));
        deleted.add(new BucketRow(s.id, s.unit, s.storageResolutionSeconds, 1, e.getKey(), e.getValue()));
      }
      old.clear();
      var expired = s.minutes.headMap(stdCut, false);
      for (Map.Entry<Long, Aggregate> e : expired.entrySet()) {
        dirty.remove(new Key(s.id, 60, e.getKey()));
        deleted.add(new BucketRow(s.id, s.unit, s.storageResolutionSeconds, 60, e.getKey(), e.getValue()));
      }
      expired.clear();
    }
  }

  /** Writes every bucket changed since the last flush. */
  public void flush() {
    if (dirty.isEmpty() && deleted.isEmpty()) {
      return;
    }
    List<BucketRow> rows = new ArrayList<>(dirty.size());
    for (Key k : dirty.keySet()) {
      Series s = series.get(k.id());
      Aggregate a = (k.bucketSeconds() == 1 ? s.seconds : s.minutes).get(k.startMillis());
      if (a != null) {
        rows.add(new BucketRow(k.id(), s.unit, s.storageResolutionSeconds, k.bucketSeconds(), k.startMillis(), a.copy()));
      }
    }
    repository.save(rows, new ArrayList<>(deleted));
    dirty.clear();
    deleted.clear();
  }
}
