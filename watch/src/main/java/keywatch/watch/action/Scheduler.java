package keywatch.watch.action;

/**
 * Runs tasks after a delay. Production uses {@link ExecutorScheduler}; tests use
 * {@link ManualScheduler} and move its time by hand, so no test sleeps.
 */
public interface Scheduler {
  void schedule(Runnable task, long delayMillis);

  /** Milliseconds on this scheduler's clock. */
  long nowMillis();
}
