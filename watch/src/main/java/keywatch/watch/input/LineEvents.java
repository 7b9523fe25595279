package keywatch.watch.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import keywatch.watch.event.LogEvent;

/**
 * One event per line. For JSON lines the timestamp is the object's top-level {@code eventTime}
 * (CloudTrail) or {@code timestamp} (epoch milliseconds or ISO-8601); for a plain text line it is
 * a leading ISO-8601 instant ({@code 2026-11-27T10:00:01Z ERROR ...}, as most application logs
 * and {@code aws logs tail} print them). A line without one takes the previous event's timestamp
 * (the first: {@code defaultTimestampMillis}). Blank lines are skipped.
 */
final class LineEvents implements LogEventSource {
  private static final JsonFactory FACTORY = new JsonFactory();
  private final BufferedReader reader;
  private final CountingInputStream counted;
  private final long totalBytes;
  private final boolean json;
  private long lastTimestamp;

  LineEvents(BufferedReader reader, CountingInputStream counted, long totalBytes, boolean json, long defaultTimestampMillis) {
    this.reader = reader;
    this.counted = counted;
    this.totalBytes = totalBytes;
    this.json = json;
    this.lastTimestamp = defaultTimestampMillis;
  }

  @Override
  public LogEvent next() throws IOException {
    String line;
    do {
      line = reader.readLine();
      if (line == null) {
        return null;
      }
    } while (line.isBlank());
    long t = json ? timestampOf(line) : leadingInstant(line);
    if (t != Long.MIN_VALUE) {
      lastTimestamp = t;
    }
    return new LogEvent(lastTimestamp, line);
  }

  /** The instant the line starts with, up to its first blank, or {@code Long.MIN_VALUE}. */
  static long leadingInstant(String line) {
    if (line.length() < 20 || line.charAt(0) < '0' || line.charAt(0) > '9' || line.charAt(4) != '-') {
      return Long.MIN_VALUE;
    }
    int end = 0;
    while (end < line.length() && end < 40 && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
      end++;
    }
    return CloudTrailRecords.parseTime(line.substring(0, end));
  }

  private static long timestampOf(String line) {
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Long.MIN_VALUE;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (("eventTime".equals(name) || "timestamp".equals(name)) && v != null) {
          if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
          }
          if (v == JsonToken.VALUE_STRING) {
            long t = CloudTrailRecords.parseTime(p.getText());
            if (t != Long.MIN_VALUE) {
              return t;
            }
          }
        }
        p.skipChildren();
      }
    } catch (IOException e) {
      return Long.MIN_VALUE;
    }
    return Long.MIN_VALUE;
  }

  @Override
  public long bytesRead() {
    return counted == null ? 0 : counted.count();
  }

  @Override
  public long totalBytes() {
    return totalBytes;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
