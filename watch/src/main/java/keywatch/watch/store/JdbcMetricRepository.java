package keywatch.watch.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import keywatch.watch.metric.Aggregate;
import keywatch.watch.metric.BucketRow;
import keywatch.watch.metric.MetricId;
import keywatch.watch.metric.MetricRepository;

/** Metric buckets in SQL (H2 or PostgreSQL) through plain JDBC. */
public final class JdbcMetricRepository implements MetricRepository {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DataSource dataSource;
  private final Map<MetricId, Long> seriesIds = new HashMap<>();

  public JdbcMetricRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<BucketRow> loadAll() {
    String sql =
        "SELECT s.series_id, s.namespace, s.metric_name, s.dimensions, s.unit, s.storage_resolution, d.bucket_seconds,"
            + " d.bucket_start_ms, d.histogram FROM watch_metric_series s JOIN watch_datapoint d ON d.series_id = s.series_id"
            + " ORDER BY s.series_id, d.bucket_seconds, d.bucket_start_ms";
    List<BucketRow> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        MetricId id = new MetricId(rs.getString(2), rs.getString(3), new TreeMap<>(JSON.readValue(rs.getString(4), new TypeReference<Map<String, String>>() {})));
        seriesIds.put(id, rs.getLong(1));
        out.add(new BucketRow(id, rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getLong(8), Aggregate.fromHistogramText(rs.getString(9))));
      }
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot load metrics", e);
    }
    return out;
  }

  @Override
  public void save(Collection<BucketRow> upserts, Collection<BucketRow> deletes) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (BucketRow r : deletes) {
          try (PreparedStatement ps = c.prepareStatement(
              "DELETE FROM watch_datapoint WHERE series_id = ? AND bucket_seconds = ? AND bucket_start_ms = ?")) {
            ps.setLong(1, seriesId(c, r));
            ps.setInt(2, r.bucketSeconds());
            ps.setLong(3, r.startMillis());
            ps.executeUpdate();
          }
        }
        for (BucketRow r : upserts) {
          long sid = seriesId(c, r);
          Aggregate a = r.aggregate();
          int n;
          try (PreparedStatement ps = c.prepareStatement(
              "UPDATE watch_datapoint SET sample_count = ?, sum_value = ?, min_value = ?, max_value = ?, histogram = ?"
                  + " WHERE series_id = ? AND bucket_seconds = ? AND bucket_start_ms = ?")) {
            ps.setLong(1, a.sampleCount());
            ps.setDouble(2, a.sum());
            ps.setDouble(3, a.minimum());
            ps.setDouble(4, a.maximum());
            ps.setString(5, a.histogramText());
            ps.setLong(6, sid);
            ps.setInt(7, r.bucketSeconds());
            ps.setLong(8, r.startMillis());
            n = ps.executeUpdate();
          }
          if (n == 0) {
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO watch_datapoint (series_id, bucket_seconds, bucket_start_ms, sample_count, sum_value, min_value,"
                    + " max_value, histogram) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
              ps.setLong(1, sid);
              ps.setInt(2, r.bucketSeconds());
              ps.setLong(3, r.startMillis());
              ps.setLong(4, a.sampleCount());
              ps.setDouble(5, a.sum());
              ps.setDouble(6, a.minimum());
              ps.setDouble(7, a.maximum());
              ps.setString(8, a.histogramText());
              ps.executeUpdate();
            }
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot save metrics", e);
    }
  }

  private long seriesId(Connection c, BucketRow r) throws SQLException {
    Long known = seriesIds.get(r.id());
    if (known != null) {
      return known;
    }
    String dims;
    try {
      dims = JSON.writeValueAsString(r.id().dimensions());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT series_id FROM watch_metric_series WHERE namespace = ? AND metric_name = ? AND dimensions = ?")) {
      ps.setString(1, r.id().namespace());
      ps.setString(2, r.id().metricName());
      ps.setString(3, dims);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          seriesIds.put(r.id(), rs.getLong(1));
          return rs.getLong(1);
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO watch_metric_series (namespace, metric_name, dimensions, unit, storage_resolution) VALUES (?, ?, ?, ?, ?)",
        new String[] {"series_id"})) {
      ps.setString(1, r.id().namespace());
      ps.setString(2, r.id().metricName());
      ps.setString(3, dims);
      ps.setString(4, r.unit());
      ps.setInt(5, r.storageResolutionSeconds());
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        long id = keys.getLong(1);
        seriesIds.put(r.id(), id);
        return id;
      }
    }
  }
}
