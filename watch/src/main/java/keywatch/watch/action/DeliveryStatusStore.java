package keywatch.watch.action;

import java.util.Map;

/**
 * Where {@link Deliveries} keeps each subscription's counters so they outlive the process (the
 * server keeps them in its database). {@link #save} is called after every attempt with the lane's
 * whole status, so a store only ever replaces one row per subscription.
 */
public interface DeliveryStatusStore {
  /** Keeps nothing: counters live as long as the process. */
  DeliveryStatusStore NONE = new DeliveryStatusStore() {
    @Override
    public Map<String, DeliveryStatus> load() {
      return Map.of();
    }

    @Override
    public void save(DeliveryStatus status) {}
  };

  /** Every saved status, by subscription ARN ({@code pending} is always 0: queues are not kept). */
  Map<String, DeliveryStatus> load();

  void save(DeliveryStatus status);
}
