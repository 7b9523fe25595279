package keywatch.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The {@code peoplesecret} table, with parameterised SQL only (the lab's app built its SQL by
 * string concatenation). A second secret for the same name replaces the first. Database errors
 * are thrown, never swallowed.
 */
public final class SecretRepository implements AutoCloseable {
  private final HikariDataSource dataSource;

  public SecretRepository(String url, String user, String password) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    if (user != null) {
      c.setUsername(user);
    }
    if (password != null) {
      c.setPassword(password);
    }
    c.setMaximumPoolSize(8);
    c.setPoolName("keywatch-app");
    dataSource = new HikariDataSource(c);
    try {
      Flyway.configure().dataSource(dataSource).locations("classpath:db/app").table("flyway_app_history")
          .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  public void put(String name, String secret) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement u = c.prepareStatement("UPDATE peoplesecret SET secret = ? WHERE name = ?")) {
        u.setString(1, secret);
        u.setString(2, name);
        if (u.executeUpdate() > 0) {
          return;
        }
      }
      try (PreparedStatement i = c.prepareStatement("INSERT INTO peoplesecret (name, secret) VALUES (?, ?)")) {
        i.setString(1, name);
        i.setString(2, secret);
        i.executeUpdate();
      } catch (SQLException duplicate) {
        // Another request inserted the same name between our UPDATE and INSERT: replace theirs.
        try (PreparedStatement u = c.prepareStatement("UPDATE peoplesecret SET secret = ? WHERE name = ?")) {
          u.setString(1, secret);
          u.setString(2, name);
          if (u.executeUpdate() == 0) {
            throw duplicate;
          }
        }
      }
    }
  }

  public Optional<String> get(String name) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT secret FROM peoplesecret WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    }
  }

  public int count() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM peoplesecret");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getInt(1);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
