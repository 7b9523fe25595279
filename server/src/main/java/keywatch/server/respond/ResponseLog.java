package keywatch.server.respond;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The persistent log of responses (table {@code keywatch_response}, migrated by Flyway from
 * {@code db/respond} with its own history table, so it shares the database with other modules).
 */
public final class ResponseLog {
  public static final String LOCATION = "classpath:db/respond";
  public static final String HISTORY_TABLE = "flyway_respond_history";

  private final DataSource dataSource;

  public ResponseLog(DataSource dataSource) {
    this.dataSource = dataSource;
    Flyway.configure().dataSource(dataSource).locations(LOCATION).table(HISTORY_TABLE)
        .baselineOnMigrate(true).baselineVersion("0").load().migrate();
  }

  public synchronized void insert(ResponseRecord r) {
    exec("INSERT INTO keywatch_response (id, created_at, updated_at, alarm_name, alarm_time, action, key_arn, principal_arn, "
        + "access_key_id, state, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.id(), r.createdAt().toEpochMilli(), r.updatedAt().toEpochMilli(), r.alarmName(), r.alarmTime().toEpochMilli(),
        r.action().name(), r.keyArn(), r.principalArn(), r.accessKeyId(), r.state().name(), r.detail());
  }

  public synchronized void update(ResponseRecord r) {
    exec("UPDATE keywatch_response SET updated_at = ?, state = ?, detail = ? WHERE id = ?",
        r.updatedAt().toEpochMilli(), r.state().name(), r.detail(), r.id());
  }

  public Optional<ResponseRecord> get(String id) {
    List<ResponseRecord> r = query("SELECT * FROM keywatch_response WHERE id = ?", id);
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  /** Newest first. */
  public List<ResponseRecord> list() {
    return query("SELECT * FROM keywatch_response ORDER BY created_at DESC, id");
  }

  /** Responses created at or after {@code since}, oldest first. */
  public List<ResponseRecord> since(Instant since) {
    return query("SELECT * FROM keywatch_response WHERE created_at >= ? ORDER BY created_at, id", since.toEpochMilli());
  }

  private void exec(String sql, Object... args) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("response log: " + e.getMessage(), e);
    }
  }

  private List<ResponseRecord> query(String sql, Object... args) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      List<ResponseRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new ResponseRecord(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("created_at")),
              Instant.ofEpochMilli(rs.getLong("updated_at")), rs.getString("alarm_name"),
              Instant.ofEpochMilli(rs.getLong("alarm_time")), ResponseAction.valueOf(rs.getString("action")),
              rs.getString("key_arn"), rs.getString("principal_arn"), rs.getString("access_key_id"),
              ResponseState.valueOf(rs.getString("state")), rs.getString("detail")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("response log: " + e.getMessage(), e);
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      if (args[i] == null) {
        ps.setNull(i + 1, Types.VARCHAR);
      } else {
        ps.setObject(i + 1, args[i]);
      }
    }
  }
}
