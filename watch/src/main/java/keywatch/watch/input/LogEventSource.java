package keywatch.watch.input;

import java.io.Closeable;
import java.io.IOException;
import keywatch.watch.event.LogEvent;

/** A stream of log events read one at a time, so inputs of any size run in constant memory. */
public interface LogEventSource extends Closeable {
  /** The next event, or {@code null} at the end. */
  LogEvent next() throws IOException;

  /** Bytes consumed so far from the underlying files (compressed size for .gz), for progress. */
  default long bytesRead() {
    return 0;
  }

  /** Total bytes to consume when known in advance, else -1. */
  default long totalBytes() {
    return -1;
  }
}
