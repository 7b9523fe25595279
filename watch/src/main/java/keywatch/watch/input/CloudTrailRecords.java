package keywatch.watch.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import keywatch.watch.event.LogEvent;

/**
 * A CloudTrail log file ({@code {"Records":[...]}}) read with Jackson's streaming parser: each
 * record is copied token by token into its own compact JSON message, and its top-level {@code
 * eventTime} becomes the event's timestamp, so a file of any size is never held in memory.
 */
final class CloudTrailRecords implements LogEventSource {
  private static final JsonFactory FACTORY = new JsonFactory().setRootValueSeparator(null);
  private final JsonParser parser;
  private final StringBuilderWriter buffer = new StringBuilderWriter();
  private final JsonGenerator generator;
  private final CountingInputStream counted;
  private final long totalBytes;
  private boolean inRecords;
  private boolean done;
  private long lastTimestamp;

  CloudTrailRecords(CountingInputStream counted, InputStream decoded, long totalBytes) throws IOException {
    this.counted = counted;
    this.parser = FACTORY.createParser(decoded);
    this.generator = FACTORY.createGenerator(buffer);
    this.totalBytes = totalBytes;
  }

  @Override
  public LogEvent next() throws IOException {
    if (done) {
      return null;
    }
    if (!inRecords) {
      if (!seekRecords()) {
        done = true;
        return null;
      }
      inRecords = true;
    }
    JsonToken t = parser.nextToken();
    while (t != null && t != JsonToken.START_OBJECT && t != JsonToken.END_ARRAY) {
      parser.skipChildren();
      t = parser.nextToken();
    }
    if (t == null || t == JsonToken.END_ARRAY) {
      done = true;
      return null;
    }
    long timestamp = Long.MIN_VALUE;
    JsonGenerator g = generator;
    {
      g.copyCurrentEvent(parser);
      int depth = 1;
      while (depth > 0) {
        JsonToken tok = parser.nextToken();
        if (tok == null) {
          throw new IOException("truncated CloudTrail record");
        }
        if (depth == 1 && tok == JsonToken.FIELD_NAME && "eventTime".equals(parser.currentName())) {
          g.copyCurrentEvent(parser);
          JsonToken v = parser.nextToken();
          if (v == JsonToken.VALUE_STRING) {
            timestamp = parseTime(parser.getText());
          }
          g.copyCurrentEvent(parser);
          if (v.isStructStart()) {
            depth++;
          }
          continue;
        }
        if (tok.isStructStart()) {
          depth++;
        } else if (tok.isStructEnd()) {
          depth--;
        }
        g.copyCurrentEvent(parser);
      }
    }
    g.flush();
    if (timestamp == Long.MIN_VALUE) {
      timestamp = lastTimestamp;
    }
    lastTimestamp = timestamp;
    return new LogEvent(timestamp, buffer.takeString());
  }

  private boolean seekRecords() throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("not a CloudTrail log file: expected {\"Records\":[...]}");
    }
    JsonToken t;
    while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken v = parser.nextToken();
      if ("Records".equals(name) && v == JsonToken.START_ARRAY) {
        return true;
      }
      parser.skipChildren();
    }
    return false;
  }

  /** CloudTrail's {@code 2026-11-27T10:00:00Z} parsed without the general parser; anything else through it. */
  static long parseTime(String s) {
    if (s.length() == 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
        && s.charAt(16) == ':' && s.charAt(19) == 'Z') {
      int y = digits(s, 0, 4);
      int mo = digits(s, 5, 2);
      int d = digits(s, 8, 2);
      int h = digits(s, 11, 2);
      int mi = digits(s, 14, 2);
      int se = digits(s, 17, 2);
      if (y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h < 24 && mi >= 0 && mi < 60 && se >= 0 && se < 60) {
        try {
          long day = java.time.LocalDate.of(y, mo, d).toEpochDay();
          return ((day * 24 + h) * 60 + mi) * 60_000L + se * 1000L;
        } catch (java.time.DateTimeException e) {
          return Long.MIN_VALUE;
        }
      }
    }
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException e) {
      return Long.MIN_VALUE;
    }
  }

  private static int digits(String s, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** A Writer over one reusable StringBuilder. */
  private static final class StringBuilderWriter extends java.io.Writer {
    private final StringBuilder sb = new StringBuilder(4096);

    @Override
    public void write(char[] cbuf, int off, int len) {
      sb.append(cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      sb.append(str, off, off + len);
    }

    String takeString() {
      String s = sb.toString();
      sb.setLength(0);
      return s;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Override
  public long bytesRead() {
    return counted.count();
  }

  @Override
  public long totalBytes() {
    return totalBytes;
  }

  @Override
  public void close() throws IOException {
    parser.close();
    generator.close();
  }
}
