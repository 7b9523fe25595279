package keywatch.watch.metric;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An extended statistic of the form {@code pNN} or {@code pNN.NN} (0 to 100, up to two decimals),
 * the only extended statistic keywatch supports (trimmed means and the like are not).
 */
public record Percentile(String text, double percent) {
  private static final Pattern SHAPE = Pattern.compile("p(\\d{1,3})(\\.\\d{1,2})?");

  public static Percentile parse(String text) {
    Matcher m = SHAPE.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "The value " + text + " for parameter ExtendedStatistic is not supported.");
    }
    double p = Double.parseDouble(text.substring(1));
    if (p < 0 || p > 100) {
      throw new IllegalArgumentException(
          "The value " + text + " for parameter ExtendedStatistic is not supported.");
    }
    return new Percentile(text, p);
  }

  /**
   * The number of samples below which CloudWatch deems a percentile statistically insignificant:
   * 10/(1-p) for p in [0.5, 1), 10/p for p in (0, 0.5).
   */
  public double minimumSignificantSamples() {
    double f = percent / 100.0;
    if (f >= 1.0 || f <= 0.0) {
      return 0;
    }
    return f >= 0.5 ? 10.0 / (1.0 - f) : 10.0 / f;
  }
}
