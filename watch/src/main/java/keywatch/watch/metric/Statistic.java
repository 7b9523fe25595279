package keywatch.watch.metric;

/** CloudWatch's simple statistics; {@link #awsName()} is the string the API uses. */
public enum Statistic {
  SAMPLE_COUNT("SampleCount"),
  AVERAGE("Average"),
  SUM("Sum"),
  MINIMUM("Minimum"),
  MAXIMUM("Maximum");

  private final String awsName;

  Statistic(String awsName) {
    this.awsName = awsName;
  }

  public String awsName() {
    return awsName;
  }

  public static Statistic fromAws(String name) {
    for (Statistic s : values()) {
      if (s.awsName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("Unknown statistic: " + name);
  }
}
