package keywatch.watch.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The same contract on PostgreSQL (jdbc:postgresql://127.0.0.1:5432/test, user postgres, or
 * KEYWATCH_TEST_PG_URL), in a fresh schema per run, dropped afterwards. Skipped when no server
 * answers, unless KEYWATCH_REQUIRE_POSTGRES is set.
 */
class PostgresPersistenceTest {
  static final String URL = System.getenv().getOrDefault("KEYWATCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");

  @Test
  void stateAndHistorySurviveARestartOnPostgres() throws Exception {
    String schema = "watch_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = connect()) {
      assumeTrue(c != null || System.getenv("KEYWATCH_REQUIRE_POSTGRES") != null, "no PostgreSQL at " + URL);
      if (c == null) {
        throw new IllegalStateException("no PostgreSQL at " + URL);
      }
      try (Statement st = c.createStatement()) {
        st.execute("CREATE SCHEMA " + schema);
      }
      try {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        ds.setUser("postgres");
        PersistenceContract.stateAndHistorySurviveARestart(ds);
      } finally {
        try (Statement st = c.createStatement()) {
          st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
      }
    }
  }

  private static Connection connect() {
    try {
      return DriverManager.getConnection(URL, "postgres", "");
    } catch (SQLException e) {
      return null;
    }
  }
}
