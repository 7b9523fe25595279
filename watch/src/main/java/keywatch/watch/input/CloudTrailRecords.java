package keywatch.watch.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
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
  private static final JsonFactory FACTORY = new JsonFactory();
  private final JsonParser parser;
  private final CountingInputStream counted;
  private final long totalBytes;
  private boolean inRecords;
  private boolean done;
  private long lastTimestamp;

  CloudTrailRecords(CountingInputStream counted, InputStream decoded, long totalBytes) throws IOException {
    this.counted = counted;
    this.parser = FACTORY.createParser(decoded);
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
    SegmentedStringWriter out = new SegmentedStringWriter(new BufferRecycler());
    long timestamp = Long.MIN_VALUE;
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
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
    if (timestamp == Long.MIN_VALUE) {
      timestamp = lastTimestamp;
    }
    lastTimestamp = timestamp;
    return new LogEvent(timestamp, out.getAndClear());
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

  static long parseTime(String s) {
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException e) {
      return Long.MIN_VALUE;
    }
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
  }
}
