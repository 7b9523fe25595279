package keywatch.watch.rules;

import java.util.ArrayList;
import java.util.List;
import keywatch.watch.alarm.AlarmDefinition;

/** Metric filters and alarms read from rule files. */
public record RuleSet(List<MetricFilterSpec> metricFilters, List<AlarmDefinition> alarms) {
  public RuleSet {
    metricFilters = List.copyOf(metricFilters);
    alarms = List.copyOf(alarms);
  }

  public static RuleSet empty() {
    return new RuleSet(List.of(), List.of());
  }

  public RuleSet plus(RuleSet other) {
    List<MetricFilterSpec> f = new ArrayList<>(metricFilters);
    f.addAll(other.metricFilters);
    List<AlarmDefinition> a = new ArrayList<>(alarms);
    a.addAll(other.alarms);
    return new RuleSet(f, a);
  }
}
