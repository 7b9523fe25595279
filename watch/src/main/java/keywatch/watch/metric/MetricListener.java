package keywatch.watch.metric;

/** Told after each value a {@link MetricStore} records (the alarm engine's early decision uses it). */
@FunctionalInterface
public interface MetricListener {
  void valueRecorded(MetricId id, long timestampMillis);
}
