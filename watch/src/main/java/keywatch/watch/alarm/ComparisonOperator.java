package keywatch.watch.alarm;

/** The static-threshold comparison operators (anomaly-detection bands are not supported). */
public enum ComparisonOperator {
  GreaterThanOrEqualToThreshold("greater than or equal to"),
  GreaterThanThreshold("greater than"),
  LessThanThreshold("less than"),
  LessThanOrEqualToThreshold("less than or equal to");

  private final String words;

  ComparisonOperator(String words) {
    this.words = words;
  }

  /** As CloudWatch words it in state reasons. */
  public String words() {
    return words;
  }

  public boolean breaches(double value, double threshold) {
    return switch (this) {
      case GreaterThanOrEqualToThreshold -> value >= threshold;
      case GreaterThanThreshold -> value > threshold;
      case LessThanThreshold -> value < threshold;
      case LessThanOrEqualToThreshold -> value <= threshold;
    };
  }

  public boolean isGreaterThan() {
    return this == GreaterThanThreshold || this == GreaterThanOrEqualToThreshold;
  }

  public static ComparisonOperator fromAws(String s) {
    for (ComparisonOperator c : values()) {
      if (c.name().equals(s)) {
        return c;
      }
    }
    throw new keywatch.watch.error.WatchException(
        "ValidationError",
        "1 validation error detected: Value '" + s + "' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: "
            + "[GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold]");
  }
}
