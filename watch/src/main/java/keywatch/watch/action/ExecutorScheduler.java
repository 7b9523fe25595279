package keywatch.watch.action;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delays on one timer thread, runs on a pool of daemon threads, so a receiver that hangs holds one
 * worker and never the timer or another subscription's delivery.
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  private final Clock clock;

  public ExecutorScheduler(Clock clock, int maxWorkers) {
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "keywatch-delivery-timer"));
    // Core size = max size: a pool with fewer core threads grows only when its queue is full,
    // which an unbounded queue never is, so one slow receiver would hold every delivery.
    java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(maxWorkers, maxWorkers, 60,
        TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> daemon(r, "keywatch-delivery"));
    pool.allowCoreThreadTimeOut(true);
    this.workers = pool;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void schedule(Runnable task, long delayMillis) {
    if (delayMillis <= 0) {
      workers.execute(task);
    } else {
      timer.schedule(() -> workers.execute(task), delayMillis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public long nowMillis() {
    return clock.millis();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
  }
}
