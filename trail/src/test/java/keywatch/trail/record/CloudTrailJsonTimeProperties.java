package keywatch.trail.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** eventTime formatting (with its one-second cache) gives CloudTrail's form for any instant, in any order. */
class CloudTrailJsonTimeProperties {
  private static final DateTimeFormatter EXPECTED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @Property(tries = 500)
  void isoSecondsIsTheInstantToTheSecondInUtc(
      @ForAll @LongRange(min = 0, max = 4_102_444_800L) long seconds,
      @ForAll @LongRange(min = 0, max = 999_999_999) long nanos,
      @ForAll @LongRange(min = -2, max = 2) long neighbour) {
    Instant a = Instant.ofEpochSecond(seconds, nanos);
    Instant b = Instant.ofEpochSecond(Math.max(0, seconds + neighbour), 999_999_999 - nanos);
    assertThat(CloudTrailJson.isoSeconds(a)).isEqualTo(EXPECTED.format(a));
    assertThat(CloudTrailJson.isoSeconds(b)).isEqualTo(EXPECTED.format(b));
    assertThat(CloudTrailJson.isoSeconds(a)).isEqualTo(EXPECTED.format(a));
  }
}
