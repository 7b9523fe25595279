package keywatch.watch.metric;

import java.util.List;

/** Where metric filter definitions live between restarts. */
public interface MetricFilterRepository {
  /** A stored definition (compiled again when loaded). */
  record StoredFilter(
      String logGroupName, String filterName, String filterPattern, List<MetricTransformation> transformations, long creationTimeMillis) {}

  MetricFilterRepository NONE =
      new MetricFilterRepository() {
        @Override
        public List<StoredFilter> loadAll() {
          return List.of();
        }

        @Override
        public void save(StoredFilter filter) {}

        @Override
        public void delete(String logGroupName, String filterName) {}
      };

  List<StoredFilter> loadAll();

  void save(StoredFilter filter);

  void delete(String logGroupName, String filterName);
}
