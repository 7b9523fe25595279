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
    return ISO_SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Parses CloudTrail times; accepts fractional seconds and offsets too. */
  public static Instant parseTime(String text) {
    return java.time.OffsetDateTime.parse(text).toInstant();
  }
}
