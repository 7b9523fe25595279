package keywatch.watch.input;

import java.io.IOException;
import keywatch.watch.event.LogEvent;

/** Opens its source on first use, so a tree of thousands of files holds one open at a time. */
final class Lazy implements LogEventSource {
  interface Opener {
    LogEventSource open() throws IOException;
  }

  private final Opener opener;
  private final long size;
  private LogEventSource source;
  private boolean closed;

  Lazy(Opener opener, long size) {
    this.opener = opener;
    this.size = size;
  }

  @Override
  public LogEvent next() throws IOException {
    if (closed) {
      return null;
    }
    if (source == null) {
      source = opener.open();
    }
    return source.next();
  }

  @Override
  public long bytesRead() {
    return closed ? size : source == null ? 0 : source.bytesRead();
  }

  @Override
  public long totalBytes() {
    return size;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (source != null) {
      source.close();
    }
  }
}
