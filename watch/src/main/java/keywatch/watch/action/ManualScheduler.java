package keywatch.watch.action;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A scheduler whose time moves only when told: {@link #runDue()} runs what is due now,
 * {@link #advance} moves time and runs what falls due on the way. Single-threaded and
 * deterministic; part of the product so that users' tests can drive deliveries too.
 */
public final class ManualScheduler implements Scheduler {
  private record Task(long dueMillis, long seq, Runnable task) {}

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>((a, b) -> a.dueMillis != b.dueMillis ? Long.compare(a.dueMillis, b.dueMillis) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;

  public ManualScheduler(long startMillis) {
    this.now = startMillis;
  }

  @Override
  public synchronized void schedule(Runnable task, long delayMillis) {
    queue.add(new Task(now + Math.max(0, delayMillis), seq++, task));
  }

  @Override
  public synchronized long nowMillis() {
    return now;
  }

  /** Runs every task due at the current time, including those they schedule for now. */
  public void runDue() {
    advance(0);
  }

  /** Moves time forward by {@code millis}, running tasks in due order. */
  public void advance(long millis) {
    long target;
    synchronized (this) {
      target = now + millis;
    }
    while (true) {
      Task t;
      synchronized (this) {
        t = queue.peek();
        if (t == null || t.dueMillis > target) {
          now = target;
          return;
        }
        queue.poll();
        now = Math.max(now, t.dueMillis);
      }
      t.task.run();
    }
  }

  /** Due times of the tasks still waiting, for assertions. */
  public synchronized List<Long> pendingDueTimes() {
    List<Long> out = new ArrayList<>();
    queue.forEach(t -> out.add(t.dueMillis));
    out.sort(null);
    return out;
  }
}
