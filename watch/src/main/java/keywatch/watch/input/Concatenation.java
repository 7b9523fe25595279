package keywatch.watch.input;

import java.io.IOException;
import java.util.List;
import keywatch.watch.event.LogEvent;

/** Sources one after another, each closed when exhausted. */
final class Concatenation implements LogEventSource {
  private final List<LogEventSource> parts;
  private int index;
  private long finishedBytes;

  Concatenation(List<LogEventSource> parts) {
    this.parts = parts;
  }

  @Override
  public LogEvent next() throws IOException {
    while (index < parts.size()) {
      LogEventSource s = parts.get(index);
      LogEvent e = s.next();
      if (e != null) {
        return e;
      }
      long t = s.totalBytes();
      finishedBytes += t >= 0 ? t : s.bytesRead();
      s.close();
      index++;
    }
    return null;
  }

  @Override
  public long bytesRead() {
    return finishedBytes + (index < parts.size() ? parts.get(index).bytesRead() : 0);
  }

  @Override
  public long totalBytes() {
    long sum = 0;
    for (LogEventSource s : parts) {
      long t = s.totalBytes();
      if (t < 0) {
        return -1;
      }
      sum += t;
    }
    return sum;
  }

  @Override
  public void close() throws IOException {
    for (int i = index; i < parts.size(); i++) {
      parts.get(i).close();
    }
  }
}
