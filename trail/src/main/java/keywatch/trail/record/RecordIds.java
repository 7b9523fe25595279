package keywatch.trail.record;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for event and request ids, drawn from {@link ThreadLocalRandom}.
 *
 * <p>These ids name records; they protect nothing, so they need uniqueness (122 random bits), not
 * unpredictability. {@link UUID#randomUUID()} draws from one shared {@code SecureRandom} that every
 * request thread contends for; at tens of thousands of calls a second, two of those per call showed
 * in the profile. Key ids and anything secret keep using {@code SecureRandom}.
 */
public final class RecordIds {
  private RecordIds() {}

  public static String random() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(msb, lsb).toString();
  }
}
