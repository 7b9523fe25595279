package keywatch.server.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import keywatch.watch.action.DeliveryStatus;
import keywatch.watch.action.DeliveryStatusStore;
import org.flywaydb.core.Flyway;

/**
 * Notification delivery counters in keywatch's database (table {@code keywatch_delivery_status},
 * migrated by Flyway from {@code db/notify} with its own history table, as {@code ResponseLog}
 * does), so {@code keywatch notify status} shows them after a restart, on H2 as on PostgreSQL.
 * One row per subscription, replaced after every attempt: an UPDATE, then an INSERT when there
 * was no row (portable; saves of one subscription come from its one lane, never concurrently).
 */
public final class DeliveryStatusLog implements DeliveryStatusStore {
  public static final String LOCATION = "classpath:db/notify";
  public static final String HISTORY_TABLE = "flyway_notify_history";
  private static final int MAX_ERROR_CHARS = 4000;

  private final DataSource dataSource;

  public DeliveryStatusLog(DataSource dataSource) {
    this.dataSource = dataSource;
    Flyway.configure().dataSource(dataSource).locations(LOCATION).table(HISTORY_TABLE)
        .baselineOnMigrate(true).baselineVersion("0").load().migrate();
  }

  @Override
  public Map<String, DeliveryStatus> load() {
    Map<String, DeliveryStatus> out = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM keywatch_delivery_status ORDER BY subscription_arn");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String outcome = rs.getString("last_outcome");
        DeliveryStatus s = new DeliveryStatus(rs.getString("subscription_arn"), rs.getLong("delivered"),
            rs.getLong("failed_attempts"), rs.getLong("dead_lettered"), 0, rs.getString("last_error"),
            nullableLong(rs, "last_success_at"), nullableLong(rs, "last_failure_at"),
            outcome == null ? null : DeliveryStatus.Outcome.valueOf(outcome));
        out.put(s.subscriptionArn(), s);
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("delivery status: " + e.getMessage(), e);
    }
  }

  @Override
  public void save(DeliveryStatus s) {
    try (Connection c = dataSource.getConnection()) {
      int updated;
      try (PreparedStatement ps = c.prepareStatement("UPDATE keywatch_delivery_status SET delivered = ?, failed_attempts = ?, "
          + "dead_lettered = ?, last_outcome = ?, last_error = ?, last_success_at = ?, last_failure_at = ? WHERE subscription_arn = ?")) {
        bindCounters(ps, 1, s);
        ps.setString(8, s.subscriptionArn());
        updated = ps.executeUpdate();
      }
      if (updated == 0) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO keywatch_delivery_status (subscription_arn, delivered, "
            + "failed_attempts, dead_lettered, last_outcome, last_error, last_success_at, last_failure_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, s.subscriptionArn());
          bindCounters(ps, 2, s);
          ps.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("delivery status: " + e.getMessage(), e);
    }
  }

  /** delivered, failed_attempts, dead_lettered, last_outcome, last_error, last_success_at, last_failure_at from {@code at}. */
  private static void bindCounters(PreparedStatement ps, int at, DeliveryStatus s) throws SQLException {
    ps.setLong(at, s.delivered());
    ps.setLong(at + 1, s.failedAttempts());
    ps.setLong(at + 2, s.deadLettered());
    setString(ps, at + 3, s.lastOutcome() == null ? null : s.lastOutcome().name());
    String error = s.lastError();
    setString(ps, at + 4, error == null || error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS));
    setLong(ps, at + 5, s.lastSuccessMillis());
    setLong(ps, at + 6, s.lastFailureMillis());
  }

  private static void setString(PreparedStatement ps, int i, String v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, v);
    }
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
