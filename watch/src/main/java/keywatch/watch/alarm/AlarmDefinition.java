package keywatch.watch.alarm;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import keywatch.watch.error.Validation;
import keywatch.watch.error.WatchException;
import keywatch.watch.metric.MetricId;
import keywatch.watch.metric.MetricTransformation;
import keywatch.watch.metric.Percentile;
import keywatch.watch.metric.Statistic;

/**
 * A metric alarm as PutMetricAlarm defines it (static threshold on one metric), plus keywatch's
 * {@code earlyDecision} switch (off by default, which is AWS-exact). Build with {@link #builder()};
 * {@link Builder#build()} validates with PutMetricAlarm's rules.
 */
public record AlarmDefinition(
    String alarmName,
    String alarmDescription,
    boolean actionsEnabled,
    List<String> okActions,
    List<String> alarmActions,
    List<String> insufficientDataActions,
    String namespace,
    String metricName,
    SortedMap<String, String> dimensions,
    Statistic statistic,
    Percentile extendedStatistic,
    int periodSeconds,
    String unit,
    int evaluationPeriods,
    int datapointsToAlarm,
    double threshold,
    ComparisonOperator comparisonOperator,
    TreatMissingData treatMissingData,
    String evaluateLowSampleCountPercentile,
    boolean earlyDecision) {

  public MetricId metricId() {
    return new MetricId(namespace, metricName, dimensions);
  }

  /** "Sum", "p99", ... */
  public String statisticName() {
    return statistic != null ? statistic.awsName() : extendedStatistic.text();
  }

  /** True when the statistic can only grow within a period, so a breach seen early is final. */
  public boolean canDecideEarly() {
    return earlyDecision
        && comparisonOperator.isGreaterThan()
        && (statistic == Statistic.SUM || statistic == Statistic.SAMPLE_COUNT || statistic == Statistic.MAXIMUM);
  }

  public List<String> actionsFor(AlarmState state) {
    return switch (state) {
      case OK -> okActions;
      case ALARM -> alarmActions;
      case INSUFFICIENT_DATA -> insufficientDataActions;
    };
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.alarmName = alarmName;
    b.alarmDescription = alarmDescription;
    b.actionsEnabled = actionsEnabled;
    b.okActions = okActions;
    b.alarmActions = alarmActions;
    b.insufficientDataActions = insufficientDataActions;
    b.namespace = namespace;
    b.metricName = metricName;
    b.dimensions = dimensions;
    b.statistic = statistic == null ? null : statistic.awsName();
    b.extendedStatistic = extendedStatistic == null ? null : extendedStatistic.text();
    b.periodSeconds = periodSeconds;
    b.unit = unit;
    b.evaluationPeriods = evaluationPeriods;
    b.datapointsToAlarm = datapointsToAlarm;
    b.threshold = threshold;
    b.comparisonOperator = comparisonOperator.name();
    b.treatMissingData = treatMissingData.name();
    b.evaluateLowSampleCountPercentile = evaluateLowSampleCountPercentile;
    b.earlyDecision = earlyDecision;
    return b;
  }

  /** Mutable builder taking AWS's string forms. */
  public static final class Builder {
    private String alarmName;
    private String alarmDescription;
    private boolean actionsEnabled = true;
    private List<String> okActions = List.of();
    private List<String> alarmActions = List.of();
    private List<String> insufficientDataActions = List.of();
    private String namespace;
    private String metricName;
    private Map<String, String> dimensions = Map.of();
    private String statistic;
    private String extendedStatistic;
    private Integer periodSeconds;
    private String unit;
    private Integer evaluationPeriods;
    private Integer datapointsToAlarm;
    private Double threshold;
    private String comparisonOperator;
    private String treatMissingData;
    private String evaluateLowSampleCountPercentile;
    private boolean earlyDecision;

    public Builder alarmName(String v) { alarmName = v; return this; }
    public Builder alarmDescription(String v) { alarmDescription = v; return this; }
    public Builder actionsEnabled(boolean v) { actionsEnabled = v; return this; }
    public Builder okActions(List<String> v) { okActions = v == null ? List.of() : v; return this; }
    public Builder alarmActions(List<String> v) { alarmActions = v == null ? List.of() : v; return this; }
    public Builder insufficientDataActions(List<String> v) { insufficientDataActions = v == null ? List.of() : v; return this; }
    public Builder namespace(String v) { namespace = v; return this; }
    public Builder metricName(String v) { metricName = v; return this; }
    public Builder dimensions(Map<String, String> v) { dimensions = v == null ? Map.of() : v; return this; }
    public Builder statistic(String v) { statistic = v; return this; }
    public Builder extendedStatistic(String v) { extendedStatistic = v; return this; }
    public Builder periodSeconds(Integer v) { periodSeconds = v; return this; }
    public Builder unit(String v) { unit = v; return this; }
    public Builder evaluationPeriods(Integer v) { evaluationPeriods = v; return this; }
    public Builder datapointsToAlarm(Integer v) { datapointsToAlarm = v; return this; }
    public Builder threshold(Double v) { threshold = v; return this; }
    public Builder comparisonOperator(String v) { comparisonOperator = v; return this; }
    public Builder treatMissingData(String v) { treatMissingData = v; return this; }
    public Builder evaluateLowSampleCountPercentile(String v) { evaluateLowSampleCountPercentile = v; return this; }
    public Builder earlyDecision(boolean v) { earlyDecision = v; return this; }

    public AlarmDefinition build() {
      Validation v = new Validation();
      v.required("alarmName", alarmName)
          .length("alarmName", alarmName, 1, 255)
          .length("alarmDescription", alarmDescription, 0, 1024)
          .size("oKActions", okActions, 0, 5)
          .size("alarmActions", alarmActions, 0, 5)
          .size("insufficientDataActions", insufficientDataActions, 0, 5)
          .required("metricName", metricName)
          .length("metricName", metricName, 1, 255)
          .required("namespace", namespace)
          .length("namespace", namespace, 1, 255)
          .pattern("namespace", namespace, "[^:].*")
          .size("dimensions", dimensions == null ? null : List.copyOf(dimensions.keySet()), 0, 30)
          .required("period", periodSeconds)
          .range("period", periodSeconds, 1, Integer.MAX_VALUE)
          .required("evaluationPeriods", evaluationPeriods)
          .range("evaluationPeriods", evaluationPeriods, 1, Integer.MAX_VALUE)
          .range("datapointsToAlarm", datapointsToAlarm, 1, Integer.MAX_VALUE)
          .required("threshold", threshold)
          .required("comparisonOperator", comparisonOperator)
          .oneOf("comparisonOperator", comparisonOperator,
              List.of("GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"))
          .length("treatMissingData", treatMissingData, 1, 255)
          .length("evaluateLowSampleCountPercentile", evaluateLowSampleCountPercentile, 1, 255)
          .oneOf("unit", unit, MetricTransformation.UNITS)
          .oneOf("statistic", statistic, List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum"));
      v.throwIfAny();
      if ((statistic == null) == (extendedStatistic == null)) {
        throw new WatchException(
            "InvalidParameterCombination", "Exactly one of the Statistic and ExtendedStatistic parameters must be specified.");
      }
      int p = periodSeconds;
      if (!(p == 10 || p == 20 || p == 30 || p % 60 == 0)) {
        throw new WatchException("InvalidParameterValue", "Period must be 10, 20, 30 or a multiple of 60.");
      }
      long span = (long) p * evaluationPeriods;
      long max = p < 3600 ? 86_400 : 604_800;
      if (span > max) {
        throw new WatchException(
            "InvalidParameterCombination",
            "The evaluation period (Period * EvaluationPeriods) must not exceed " + max + " seconds"
                + (p < 3600 ? " for periods under an hour." : " for periods of an hour or more."));
      }
      int m = datapointsToAlarm == null ? evaluationPeriods : datapointsToAlarm;
      if (m > evaluationPeriods) {
        throw new WatchException(
            "ValidationError", "DatapointsToAlarm must be less than or equal to EvaluationPeriods.");
      }
      Percentile pct = extendedStatistic == null ? null : Percentile.parse(extendedStatistic);
      if (evaluateLowSampleCountPercentile != null) {
        if (pct == null) {
          throw new WatchException(
              "InvalidParameterCombination", "EvaluateLowSampleCountPercentile can only be used with a percentile ExtendedStatistic.");
        }
        if (!evaluateLowSampleCountPercentile.equals("evaluate") && !evaluateLowSampleCountPercentile.equals("ignore")) {
          throw new WatchException(
              "ValidationError", "The value " + evaluateLowSampleCountPercentile + " is not valid for EvaluateLowSampleCountPercentile. Valid values: evaluate, ignore.");
        }
      }
      return new AlarmDefinition(
          alarmName, alarmDescription, actionsEnabled, List.copyOf(okActions), List.copyOf(alarmActions),
          List.copyOf(insufficientDataActions), namespace, metricName,
          java.util.Collections.unmodifiableSortedMap(new TreeMap<>(dimensions)),
          statistic == null ? null : Statistic.fromAws(statistic), pct, p, unit, evaluationPeriods, m, threshold,
          ComparisonOperator.fromAws(comparisonOperator), TreatMissingData.fromAws(treatMissingData),
          evaluateLowSampleCountPercentile, earlyDecision);
    }
  }
}
