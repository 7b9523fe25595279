package keywatch.trail.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import keywatch.trail.journal.JournalEntry;
import keywatch.trail.record.CloudTrailJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream: every durable record, in journal order, handed to in-process subscribers (the
 * monitor) within milliseconds of its append.
 *
 * <p>The journal writer only enqueues a batch here ({@link #publish}), so a subscriber can never slow
 * an append. Each subscriber has its own queue and thread: a slow one falls behind alone. Its queue
 * is bounded; when it overflows, records are dropped for that subscriber and counted
 * ({@link Subscription#dropped()}) rather than growing the heap without limit; the log files and the
 * journal stay complete, so a lagging monitor can catch up from them.
 */
public final class RecordStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecordStream.class);
  /** About 100 MB of ~1 KB records: enough to ride out a pause, bounded if a subscriber is stuck. */
  public static final int SUBSCRIBER_QUEUE_CAPACITY = 100_000;

  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final ObjectMapper mapper = CloudTrailJson.newMapper();
  private volatile boolean closed;

  /** Called by the journal writer with each durable batch; never blocks. */
  public void publish(List<JournalEntry> batch) {
    for (Subscription s : subscriptions) {
      for (JournalEntry e : batch) {
        if (!s.queue.offer(e)) {
          long n = s.dropped.incrementAndGet();
          if (n == 1 || n % 10_000 == 0) {
            LOG.warn("trail subscriber {} is too slow: {} records dropped", s.name, n);
          }
        }
      }
    }
  }

  public Subscription subscribe(Consumer<ObjectNode> subscriber) {
    if (closed) {
      throw new IllegalStateException("stream closed");
    }
    Subscription s = new Subscription(subscriber, "trail-subscriber-" + subscriptions.size());
    subscriptions.add(s);
    s.thread.start();
    return s;
  }

  @Override
  public void close() {
    closed = true;
    for (Subscription s : subscriptions) {
      s.close();
    }
  }

  /** One subscriber's queue and delivery thread; closing it stops delivery. */
  public final class Subscription implements AutoCloseable {
    private final BlockingQueue<JournalEntry> queue = new LinkedBlockingQueue<>(SUBSCRIBER_QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Consumer<ObjectNode> subscriber;
    private final String name;
    private final Thread thread;
    private volatile boolean stopped;

    private Subscription(Consumer<ObjectNode> subscriber, String name) {
      this.subscriber = subscriber;
      this.name = name;
      this.thread = new Thread(this::run, name);
      this.thread.setDaemon(true);
    }

    private void run() {
      while (!stopped) {
        JournalEntry e;
        try {
          e = queue.take();
        } catch (InterruptedException ie) {
          continue;
        }
        try {
          subscriber.accept((ObjectNode) mapper.readTree(e.payload()));
        } catch (IOException | RuntimeException ex) {
          LOG.warn("trail subscriber {} failed on record {}", name, e.sequence(), ex);
        }
      }
    }

    public long dropped() {
      return dropped.get();
    }

    @Override
    public void close() {
      stopped = true;
      subscriptions.remove(this);
      thread.interrupt();
    }
  }
}
