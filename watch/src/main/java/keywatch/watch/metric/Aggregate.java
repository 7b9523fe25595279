package keywatch.watch.metric;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The values of one bucket (or of several merged), kept exactly: count, sum, minimum, maximum and
 * a histogram of distinct values (metric filters mostly publish a handful of distinct values, so
 * this stays small) from which percentiles are computed by nearest rank.
 */
public final class Aggregate {
  private long sampleCount;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private final Map<Double, Long> histogram = new HashMap<>();

  public void add(double value) {
    add(value, 1);
  }

  public void add(double value, long count) {
    sampleCount += count;
    sum += value * count;
    min = Math.min(min, value);
    max = Math.max(max, value);
    histogram.merge(value, count, Long::sum);
  }

  public void merge(Aggregate other) {
    sampleCount += other.sampleCount;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    other.histogram.forEach((v, c) -> histogram.merge(v, c, Long::sum));
  }

  public long sampleCount() {
    return sampleCount;
  }

  public double sum() {
    return sum;
  }

  public double minimum() {
    return min;
  }

  public double maximum() {
    return max;
  }

  public double average() {
    return sum / sampleCount;
  }

  public Map<Double, Long> histogram() {
    return histogram;
  }

  public double value(Statistic statistic) {
    return switch (statistic) {
      case SAMPLE_COUNT -> sampleCount;
      case SUM -> sum;
      case AVERAGE -> average();
      case MINIMUM -> min;
      case MAXIMUM -> max;
    };
  }

  /** Nearest-rank percentile: the smallest value with at least p% of the samples at or below it. */
  public double percentile(double percent) {
    double[] values = histogram.keySet().stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(values);
    long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * sampleCount));
    long seen = 0;
    for (double v : values) {
      seen += histogram.get(v);
      if (seen >= rank) {
        return v;
      }
    }
    return max;
  }

  /** Histogram as text {@code value:count,...}, for storage. */
  public String histogramText() {
    StringBuilder sb = new StringBuilder();
    histogram.forEach(
        (v, c) -> {
          if (sb.length() > 0) {
            sb.append(',');
          }
          sb.append(v).append(':').append(c);
        });
    return sb.toString();
  }

  public static Aggregate fromHistogramText(String text) {
    Aggregate a = new Aggregate();
    if (text != null && !text.isEmpty()) {
      for (String part : text.split(",")) {
        int i = part.lastIndexOf(':');
        a.add(Double.parseDouble(part.substring(0, i)), Long.parseLong(part.substring(i + 1)));
      }
    }
    return a;
  }

  public Aggregate copy() {
    Aggregate a = new Aggregate();
    a.merge(this);
    return a;
  }
}
