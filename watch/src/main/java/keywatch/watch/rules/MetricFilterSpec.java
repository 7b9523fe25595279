package keywatch.watch.rules;

import java.util.List;
import keywatch.watch.metric.MetricTransformation;

/** A metric filter as {@code aws logs describe-metric-filters} prints it (not yet validated). */
public record MetricFilterSpec(
    String logGroupName, String filterName, String filterPattern, List<MetricTransformation> metricTransformations) {}
