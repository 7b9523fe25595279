package keywatch.kms.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Dates inside {@code responseElements}: AWS writes them as text like {@code "Aug 10, 2022, 10:38:27 PM"}
 * (KMS developer guide, CreateKey and ScheduleKeyDeletion examples), not as epoch numbers.
 */
public final class CloudTrailDates {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

  private CloudTrailDates() {}

  public static String of(Instant t) {
    return FORMAT.format(t);
  }
}
