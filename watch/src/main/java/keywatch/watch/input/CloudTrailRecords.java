package keywatch.watch.input;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import keywatch.watch.event.LogEvent;

/**
 * A CloudTrail log file ({@code {"Records":[...]}}) streamed record by record.
 *
 * <p>Design note. Each record's message is its own JSON text, cut out of the file as it is (no
 * parse and re-print), and its top-level {@code eventTime} becomes the event's timestamp. A small
 * scanner that knows JSON strings, escapes and nesting finds the record boundaries in a sliding
 * byte buffer, so memory stays at the size of the largest record whatever the file size. This
 * replaced a Jackson streaming parse-and-copy that cost about three times as much per record; the
 * records themselves are parsed once, by the filter patterns. Malformed input (unbalanced
 * brackets, no Records array) is reported as an IOException.
 */
final class CloudTrailRecords implements LogEventSource {
  private static final byte[] EVENT_TIME = "\"eventTime\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RECORDS = "\"Records\"".getBytes(StandardCharsets.US_ASCII);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final InputStream in;
  private final CountingInputStream counted;
  private final long totalBytes;
  private byte[] buf = new byte[1 << 17];
  private int pos;
  private int limit;
  private boolean eof;
  private boolean inRecords;
  private boolean done;
  private long lastTimestamp;

  CloudTrailRecords(CountingInputStream counted, InputStream decoded, long totalBytes) {
    this.counted = counted;
    this.in = decoded;
    this.totalBytes = totalBytes;
  }

  @Override
  public LogEvent next() throws IOException {
    if (done) {
      return null;
    }
    // Between records: whitespace and commas, then '{' or the closing ']'.
    while (true) {
      if (!inRecords) {
        seekRecords();
        inRecords = true;
      }
      if (pos == limit && !fill()) {
        throw new IOException("truncated CloudTrail file: Records array not closed");
      }
      byte b = buf[pos];
      if (b == ',' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        pos++;
      } else if (b == ']') {
        pos++;
        // zcat *.json.gz gives one file after another: go on with the next one's records.
        if (!anotherFileFollows()) {
          done = true;
          return null;
        }
        inRecords = false;
      } else if (b == '{') {
        break;
      } else {
        throw new IOException("not a CloudTrail log file: unexpected '" + (char) b + "' in Records");
      }
    }
    return record();
  }

  /**
   * Scans one record starting at {@code buf[pos] == '{'}. Most of a record's bytes are inside
   * strings, where only {@code "} and {@code \\} matter: {@link #stringEnd} skips them eight bytes
   * at a time. Outside strings only brackets change anything.
   */
  private LogEvent record() throws IOException {
    int start = pos;
    int i = pos;
    int depth = 0;
    long timestamp = Long.MIN_VALUE;
    while (true) {
      if (i >= limit) {
        int shift = refill(start);
        start -= shift;
        i -= shift;
        continue;
      }
      byte b = buf[i];
      if (b == '"') {
        int close = stringEnd(i + 1);
        while (close < 0) {
          int shift = refill(start);
          start -= shift;
          i -= shift;
          close = stringEnd(-close - 1 - shift);
        }
        if (depth == 1 && timestamp == Long.MIN_VALUE && close - i == EVENT_TIME.length - 1) {
          if (limit - close < 40 && !eof) {
            pos = start;
            lookahead(close - start + 40); // the key's value; at the end of input what is there must do
            int shift = start - pos;
            start -= shift;
            i -= shift;
            close -= shift;
          }
          if (startsWith(i, EVENT_TIME)) {
            timestamp = eventTimeAt(close + 1);
          }
        }
        i = close + 1;
        continue;
      }
      if (b == '{' || b == '[') {
        depth++;
      } else if ((b == '}' || b == ']') && --depth == 0) {
        String message = new String(buf, start, i + 1 - start, StandardCharsets.UTF_8);
        pos = i + 1;
        if (timestamp == Long.MIN_VALUE) {
          timestamp = lastTimestamp;
        }
        lastTimestamp = timestamp;
        return new LogEvent(timestamp, message);
      }
      i++;
    }
  }

  /**
   * The index of the {@code "} closing the string whose contents start at {@code from}, or
   * {@code -(resume) - 1} if the buffer ends first, where {@code resume} is where to go on after
   * a refill. Eight bytes at a time while they hold neither a quote nor a backslash (SWAR: a byte
   * equal to the target gives a zero byte after XOR, and the lowest zero byte is found exactly).
   */
  private int stringEnd(int from) {
    byte[] b = buf;
    int j = from;
    int end = limit;
    while (true) {
      while (j + 8 <= end) {
        long w = (long) LONGS.get(b, j);
        long q = w ^ 0x2222222222222222L; // '"'
        long s = w ^ 0x5C5C5C5C5C5C5C5CL; // '\\'
        long hit = ((q - 0x0101010101010101L) & ~q | (s - 0x0101010101010101L) & ~s) & 0x8080808080808080L;
        if (hit != 0) {
          j += Long.numberOfTrailingZeros(hit) >>> 3;
          break;
        }
        j += 8;
      }
      if (j >= end) {
        return -j - 1;
      }
      byte c = b[j];
      if (c == '"') {
        return j;
      }
      j += c == '\\' ? 2 : 1;
    }
  }

  /** Refills keeping the bytes from {@code start} on; returns how far they moved towards 0. */
  private int refill(int start) throws IOException {
    pos = start;
    if (!fill()) {
      throw new IOException("truncated CloudTrail record");
    }
    return start - pos;
  }

  /**
   * After a Records array: skips the rest of its file's root object (keys after Records, if
   * any), then whitespace; true if another file's root object starts there.
   */
  private boolean anotherFileFollows() throws IOException {
    int depth = 1;
    boolean inString = false;
    while (depth > 0) {
      if (pos >= limit && !fill()) {
        throw new IOException("truncated CloudTrail file: root object not closed");
      }
      byte b = buf[pos++];
      if (inString) {
        if (b == '\\') {
          if (pos >= limit && !fill()) {
            throw new IOException("truncated CloudTrail file: root object not closed");
          }
          pos++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        depth--;
      }
    }
    while (true) {
      if (pos >= limit && !fill()) {
        return false;
      }
      if (!isSpace(buf[pos])) {
        return true;
      }
      pos++;
    }
  }

  /** After the key {@code "eventTime"}: optional spaces, ':', spaces, then a string value. */
  private long eventTimeAt(int j) {
    while (j < limit && isSpace(buf[j])) {
      j++;
    }
    if (j >= limit || buf[j] != ':') {
      return Long.MIN_VALUE; // the string was a value, not the key
    }
    j++;
    while (j < limit && isSpace(buf[j])) {
      j++;
    }
    if (j >= limit || buf[j] != '"') {
      return Long.MIN_VALUE;
    }
    int end = j + 1;
    while (end < limit && buf[end] != '"' && end - j < 40) {
      end++;
    }
    if (end >= limit || buf[end] != '"') {
      return Long.MIN_VALUE;
    }
    return parseTime(new String(buf, j + 1, end - j - 1, StandardCharsets.US_ASCII));
  }

  private void seekRecords() throws IOException {
    // The root object's keys are scanned until "Records": [ ; any other value is skipped.
    int depth = 0;
    boolean inString = false;
    while (true) {
      if (pos == limit && !fill()) {
        throw new IOException("not a CloudTrail log file: expected {\"Records\":[...]}");
      }
      lookahead(RECORDS.length + 64);
      byte b = buf[pos];
      if (inString) {
        pos += b == '\\' ? 2 : 1;
        if (b == '"') {
          inString = false;
        }
        continue;
      }
      if (b == '"') {
        if (depth == 1 && startsWith(pos, RECORDS)) {
          int j = pos + RECORDS.length;
          while (j < limit && isSpace(buf[j])) {
            j++;
          }
          if (j < limit && buf[j] == ':') {
            j++;
            while (j < limit && isSpace(buf[j])) {
              j++;
            }
            if (j < limit && buf[j] == '[') {
              pos = j + 1;
              return;
            }
          }
        }
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        depth--;
        if (depth == 0) {
          throw new IOException("not a CloudTrail log file: no Records array");
        }
      } else if (depth == 0 && !isSpace(b)) {
        throw new IOException("not a CloudTrail log file: expected {\"Records\":[...]}");
      }
      pos++;
    }
  }

  private boolean startsWith(int at, byte[] token) {
    if (limit - at < token.length) {
      return false;
    }
    for (int k = 0; k < token.length; k++) {
      if (buf[at + k] != token[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  /** Reads until {@code n} bytes from {@code pos} on are buffered or the input ends (reads may be short). */
  private void lookahead(int n) throws IOException {
    while (limit - pos < n && fill()) {
      // a pipe or a socket may hand out a few bytes at a time
    }
  }

  /** Moves unread bytes to the front, grows the buffer if full, reads more; false at end of input. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
      return false;
    }
    limit += n;
    return true;
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
    in.close();
  }
}
