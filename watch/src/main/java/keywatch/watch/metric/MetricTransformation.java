package keywatch.watch.metric;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a matching log event becomes a metric value, with AWS's fields: {@code metricValue} is a
 * number, {@code $.field} (JSON) or {@code $field}/{@code $N} (space-delimited); {@code
 * defaultValue} is published when logs arrive but none match; up to three {@code dimensions}
 * whose values are field references.
 */
public record MetricTransformation(
    String metricName,
    String metricNamespace,
    String metricValue,
    Double defaultValue,
    Map<String, String> dimensions,
    String unit) {

  public static final List<String> UNITS =
      List.of(
          "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes",
          "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
          "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second",
          "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
          "Gigabits/Second", "Terabits/Second", "Count/Second", "None");

  public MetricTransformation {
    dimensions = dimensions == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(dimensions));
  }

  public MetricTransformation(String metricName, String metricNamespace, String metricValue) {
    this(metricName, metricNamespace, metricValue, null, Map.of(), null);
  }

  /** True when the value is taken from the event rather than a literal. */
  public boolean valueIsReference() {
    return metricValue != null && metricValue.startsWith("$");
  }
}
