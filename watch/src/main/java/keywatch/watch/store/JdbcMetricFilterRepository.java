package keywatch.watch.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import keywatch.watch.metric.MetricFilterRepository;
import keywatch.watch.metric.MetricTransformation;

/** Metric filter definitions in SQL; transformations stored in describe-metric-filters JSON. */
public final class JdbcMetricFilterRepository implements MetricFilterRepository {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DataSource dataSource;

  public JdbcMetricFilterRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<StoredFilter> loadAll() {
    List<StoredFilter> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT log_group_name, filter_name, filter_pattern, transformations, creation_time_ms FROM watch_metric_filter"
                + " ORDER BY log_group_name, creation_time_ms, filter_name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new StoredFilter(rs.getString(1), rs.getString(2), rs.getString(3), fromJson(JSON.readTree(rs.getString(4))), rs.getLong(5)));
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot load metric filters", e);
    }
    return out;
  }

  @Override
  public void save(StoredFilter f) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        delete(c, f.logGroupName(), f.filterName());
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO watch_metric_filter (log_group_name, filter_name, filter_pattern, transformations, creation_time_ms)"
                + " VALUES (?, ?, ?, ?, ?)")) {
          ps.setString(1, f.logGroupName());
          ps.setString(2, f.filterName());
          ps.setString(3, f.filterPattern());
          ps.setString(4, toJson(f.transformations()).toString());
          ps.setLong(5, f.creationTimeMillis());
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot save metric filter " + f.filterName(), e);
    }
  }

  @Override
  public void delete(String logGroupName, String filterName) {
    try (Connection c = dataSource.getConnection()) {
      delete(c, logGroupName, filterName);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot delete metric filter " + filterName, e);
    }
  }

  private static void delete(Connection c, String logGroupName, String filterName) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM watch_metric_filter WHERE log_group_name = ? AND filter_name = ?")) {
      ps.setString(1, logGroupName);
      ps.setString(2, filterName);
      ps.executeUpdate();
    }
  }

  static ArrayNode toJson(List<MetricTransformation> ts) {
    ArrayNode a = JSON.createArrayNode();
    for (MetricTransformation t : ts) {
      ObjectNode n = a.addObject();
      n.put("metricName", t.metricName());
      n.put("metricNamespace", t.metricNamespace());
      n.put("metricValue", t.metricValue());
      if (t.defaultValue() != null) {
        n.put("defaultValue", t.defaultValue());
      }
      if (!t.dimensions().isEmpty()) {
        ObjectNode d = n.putObject("dimensions");
        t.dimensions().forEach(d::put);
      }
      if (t.unit() != null) {
        n.put("unit", t.unit());
      }
    }
    return a;
  }

  static List<MetricTransformation> fromJson(JsonNode a) {
    List<MetricTransformation> out = new ArrayList<>();
    for (JsonNode n : a) {
      Map<String, String> dims = new LinkedHashMap<>();
      n.path("dimensions").fields().forEachRemaining(e -> dims.put(e.getKey(), e.getValue().asText()));
      out.add(new MetricTransformation(
          n.get("metricName").asText(), n.get("metricNamespace").asText(), n.get("metricValue").asText(),
          n.hasNonNull("defaultValue") ? n.get("defaultValue").asDouble() : null, dims, n.hasNonNull("unit") ? n.get("unit").asText() : null));
    }
    return out;
  }
}
