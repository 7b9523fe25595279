package keywatch.watch.metric;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** One metric series: namespace, name and dimensions (compared as a sorted map, as CloudWatch does). */
public record MetricId(String namespace, String metricName, SortedMap<String, String> dimensions) {
  public MetricId {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(metricName, "metricName");
    dimensions = Collections.unmodifiableSortedMap(new TreeMap<>(dimensions == null ? Map.of() : dimensions));
  }

  public static MetricId of(String namespace, String metricName) {
    return new MetricId(namespace, metricName, new TreeMap<>());
  }

  public static MetricId of(String namespace, String metricName, Map<String, String> dimensions) {
    return new MetricId(namespace, metricName, new TreeMap<>(dimensions));
  }

  @Override
  public String toString() {
    return namespace + "/" + metricName + (dimensions.isEmpty() ? "" : dimensions.toString());
  }
}
