package keywatch.watch.metric;

import java.util.List;
import keywatch.watch.pattern.FilterPattern;

/** A metric filter on a log group, as PutMetricFilter takes it; {@link #pattern()} is compiled. */
public record MetricFilter(
    String logGroupName,
    String filterName,
    String filterPattern,
    List<MetricTransformation> metricTransformations,
    long creationTimeMillis,
    FilterPattern pattern) {

  public MetricFilter {
    metricTransformations = List.copyOf(metricTransformations);
  }

  public MetricTransformation transformation() {
    return metricTransformations.get(0);
  }
}
