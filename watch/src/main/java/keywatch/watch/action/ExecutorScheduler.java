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
    this.workers = new java.util.concurrent.ThreadPoolExecutor(0, maxWorkers, 60, TimeUnit.SECONDS,
        new java.util.concurrent.LinkedBlockingQueue<>(), r -> daemon(r, "keywatch-delivery"));
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
