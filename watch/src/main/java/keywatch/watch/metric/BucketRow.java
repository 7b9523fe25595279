package keywatch.watch.metric;

/** One stored bucket: a series, its bucket width (1 or 60 s), its start, its values. */
public record BucketRow(
    MetricId id, String unit, int storageResolutionSeconds, int bucketSeconds, long startMillis, Aggregate aggregate) {}
