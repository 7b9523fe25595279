package keywatch.watch.alarm;

/** One period of the evaluation range: its start and value, or a missing value ({@code value == null}). */
public record EvaluatedPoint(long timestampMillis, Double value, long sampleCount) {
  public static EvaluatedPoint missing(long timestampMillis) {
    return new EvaluatedPoint(timestampMillis, null, 0);
  }

  public boolean isMissing() {
    return value == null;
  }
}
