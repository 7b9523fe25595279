package keywatch.watch.input;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import keywatch.watch.event.LogEvent;

/** Merges sources by event time (each assumed roughly in order), as a k-way merge. */
final class TimeMerge implements LogEventSource {
  private record Head(LogEvent event, LogEventSource source, int order) {}

  private final List<LogEventSource> sources;
  private PriorityQueue<Head> heads;

  TimeMerge(List<LogEventSource> sources) {
    this.sources = sources;
  }

  @Override
  public LogEvent next() throws IOException {
    if (heads == null) {
      heads = new PriorityQueue<>(Comparator.comparingLong((Head h) -> h.event().timestampMillis()).thenComparingInt(Head::order));
      for (int i = 0; i < sources.size(); i++) {
        LogEvent e = sources.get(i).next();
        if (e != null) {
          heads.add(new Head(e, sources.get(i), i));
        }
      }
    }
    Head h = heads.poll();
    if (h == null) {
      return null;
    }
    LogEvent following = h.source().next();
    if (following != null) {
      heads.add(new Head(following, h.source(), h.order()));
    }
    return h.event();
  }

  @Override
  public long bytesRead() {
    return sources.stream().mapToLong(LogEventSource::bytesRead).sum();
  }

  @Override
  public long totalBytes() {
    return sources.stream().mapToLong(LogEventSource::totalBytes).sum();
  }

  @Override
  public void close() throws IOException {
    for (LogEventSource s : sources) {
      s.close();
    }
  }
}
