package keywatch.watch.metric;

import java.util.Collection;
import java.util.List;

/** Where metric buckets live between restarts. */
public interface MetricRepository {
  /** Keeps nothing: for replays and tests that need no durability. */
  MetricRepository NONE =
      new MetricRepository() {
        @Override
        public List<BucketRow> loadAll() {
          return List.of();
        }

        @Override
        public void save(Collection<BucketRow> upserts, Collection<BucketRow> deletes) {}
      };

  List<BucketRow> loadAll();

  /** Writes the given buckets (insert or replace) and removes the deleted ones, atomically. */
  void save(Collection<BucketRow> upserts, Collection<BucketRow> deletes);
}
