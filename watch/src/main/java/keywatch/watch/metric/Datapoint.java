package keywatch.watch.metric;

/** The aggregated values of one period starting at {@code timestampMillis}. */
public record Datapoint(long timestampMillis, Aggregate aggregate) {}
