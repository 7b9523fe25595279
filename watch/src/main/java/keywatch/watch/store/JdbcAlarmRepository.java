package keywatch.watch.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import keywatch.watch.alarm.AlarmHistoryItem;
import keywatch.watch.alarm.AlarmJson;
import keywatch.watch.alarm.AlarmRepository;
import keywatch.watch.alarm.AlarmState;
import keywatch.watch.alarm.AlarmStatus;

/** Alarms, states and histories in SQL (H2 or PostgreSQL); definitions stored in describe-alarms JSON. */
public final class JdbcAlarmRepository implements AlarmRepository {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DataSource dataSource;

  public JdbcAlarmRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<AlarmStatus> loadAlarms() {
    List<AlarmStatus> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT definition, alarm_arn, state_value, state_reason, state_reason_data, state_updated_ms, state_transitioned_ms,"
                + " configuration_updated_ms FROM watch_alarm ORDER BY alarm_name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new AlarmStatus(
            AlarmJson.fromJson(JSON.readTree(rs.getString(1))), rs.getString(2), AlarmState.valueOf(rs.getString(3)),
            rs.getString(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)),
            Instant.ofEpochMilli(rs.getLong(8))));
      }
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot load alarms", e);
    }
    return out;
  }

  @Override
  public void saveAlarm(AlarmStatus a) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM watch_alarm WHERE alarm_name = ?")) {
          del.setString(1, a.definition().alarmName());
          del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO watch_alarm (alarm_name, alarm_arn, definition, state_value, state_reason, state_reason_data,"
                + " state_updated_ms, state_transitioned_ms, configuration_updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, a.definition().alarmName());
          ps.setString(2, a.alarmArn());
          ps.setString(3, AlarmJson.toJson(a.definition()).toString());
          ps.setString(4, a.stateValue().name());
          ps.setString(5, a.stateReason());
          ps.setString(6, a.stateReasonData());
          ps.setLong(7, a.stateUpdatedTimestamp().toEpochMilli());
          ps.setLong(8, a.stateTransitionedTimestamp().toEpochMilli());
          ps.setLong(9, a.alarmConfigurationUpdatedTimestamp().toEpochMilli());
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot save alarm " + a.definition().alarmName(), e);
    }
  }

  @Override
  public void deleteAlarm(String alarmName) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM watch_alarm WHERE alarm_name = ?")) {
      ps.setString(1, alarmName);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot delete alarm " + alarmName, e);
    }
  }

  @Override
  public void appendHistory(AlarmHistoryItem item) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO watch_alarm_history (alarm_name, timestamp_ms, history_item_type, history_summary, history_data)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, item.alarmName());
      ps.setLong(2, item.timestamp().toEpochMilli());
      ps.setString(3, item.historyItemType());
      ps.setString(4, item.historySummary());
      ps.setString(5, item.historyData());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record alarm history", e);
    }
  }

  @Override
  public List<AlarmHistoryItem> history(String alarmName) {
    List<AlarmHistoryItem> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT timestamp_ms, history_item_type, history_summary, history_data FROM watch_alarm_history"
                + " WHERE alarm_name = ? ORDER BY history_id")) {
      ps.setString(1, alarmName);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new AlarmHistoryItem(alarmName, Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read alarm history", e);
    }
    return out;
  }
}
