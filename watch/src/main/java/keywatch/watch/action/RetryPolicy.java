package keywatch.watch.action;

import java.time.Duration;

/**
 * How often and how far apart a delivery is tried: attempt n+1 waits
 * {@code min(minDelay * 2^(n-1), maxDelay)} after attempt n fails; after {@code maxAttempts} the
 * message goes to the dead-letter record.
 */
public record RetryPolicy(int maxAttempts, Duration minDelay, Duration maxDelay) {
  /** Close to SNS's default HTTP policy in spirit: a few quick tries, then backing off to 20 s. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(20));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** The delay before the attempt following failed attempt {@code failedAttempts} (1-based). */
  public long delayMillisAfter(int failedAttempts) {
    long d = minDelay.toMillis() << Math.min(30, failedAttempts - 1);
    return Math.min(d, maxDelay.toMillis());
  }
}
