package keywatch.trail.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** JSON and time formats shared by records, log files and digests. */
public final class CloudTrailJson {
  private CloudTrailJson() {}

  /** A mapper that keeps field order as built (no sorting) and writes compact JSON, as CloudTrail does. */
  public static ObjectMapper newMapper() {
    return JsonMapper.builder().build();
  }

  /** CloudTrail's time format: ISO-8601 UTC, whole seconds, e.g. {@code 2026-11-27T15:00:00Z}. */
  public static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  public static String isoSeconds(Instant instant) {
    // Every record formats its eventTime, and at thousands of records a second most share the
    // second of the one before: keep the last one formatted (an immutable pair, so no lock).
    FormattedSecond last = lastFormatted;
    long second = instant.getEpochSecond();
    if (last.epochSecond() == second) {
      return last.text();
    }
    String text = ISO_SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
    lastFormatted = new FormattedSecond(second, text);
    return text;
  }

  private record FormattedSecond(long epochSecond, String text) {}

  private static volatile FormattedSecond lastFormatted = new FormattedSecond(Long.MIN_VALUE, "");

  /** Parses CloudTrail times; accepts fractional seconds and offsets too. */
  public static Instant parseTime(String text) {
    return java.time.OffsetDateTime.parse(text).toInstant();
  }
}
