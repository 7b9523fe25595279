package keywatch.watch.replay;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that follows event time: the replay sets it, the alarm engine reads it. */
public final class EventClock extends Clock {
  private long millis;

  public EventClock(long startMillis) {
    millis = startMillis;
  }

  public void set(long t) {
    millis = t;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
