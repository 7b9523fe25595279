package keywatch.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import keywatch.kms.store.Database;
import keywatch.watch.action.DeliveryStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery status table on embedded H2 and on PostgreSQL: insert, replace, nulls, read back after reopening. */
class DeliveryStatusLogTest {
  static final String PG_URL = System.getenv().getOrDefault("KEYWATCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String ARN = "arn:aws:sns:us-east-1:111122223333:alerts:" + UUID.randomUUID();
  @TempDir Path dir;

  @Test
  void onEmbeddedH2() throws Exception {
    String url = Database.embeddedUrl(dir);
    try (Database db = Database.open(url, "sa", "")) {
      saveTwice(new DeliveryStatusLog(db.dataSource()));
    }
    try (Database db = Database.open(url, "sa", "")) {
      assertReadBack(new DeliveryStatusLog(db.dataSource()));
    }
  }

  @Test
  void onPostgres() throws Exception {
    String schema = "kw_delivery_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Connection c;
    try {
      c = DriverManager.getConnection(PG_URL, "postgres", "");
    } catch (SQLException e) {
      c = null;
    }
    assumeTrue(c != null || System.getenv("KEYWATCH_REQUIRE_POSTGRES") != null, "no PostgreSQL at " + PG_URL);
    if (c == null) {
      throw new IllegalStateException("no PostgreSQL at " + PG_URL);
    }
    try (Connection admin = c) {
      try (Statement st = admin.createStatement()) {
        st.execute("CREATE SCHEMA " + schema);
      }
      String url = PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      try {
        try (Database db = Database.open(url, "postgres", "")) {
          saveTwice(new DeliveryStatusLog(db.dataSource()));
        }
        try (Database db = Database.open(url, "postgres", "")) {
          assertReadBack(new DeliveryStatusLog(db.dataSource()));
        }
      } finally {
        try (Statement st = admin.createStatement()) {
          st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
      }
    }
  }

  private static void saveTwice(DeliveryStatusLog log) {
    assertThat(log.load()).isEmpty();
    log.save(new DeliveryStatus(ARN, 0, 1, 0, 3, "HTTP 503", null, 1_000L, DeliveryStatus.Outcome.FAILED_WILL_RETRY));
    log.save(new DeliveryStatus(ARN, 0, 2, 1, 2, "x".repeat(5000), null, 2_000L, DeliveryStatus.Outcome.DEAD_LETTERED));
    log.save(new DeliveryStatus("other", 1, 0, 0, 0, null, 500L, null, DeliveryStatus.Outcome.DELIVERED));
  }

  private static void assertReadBack(DeliveryStatusLog log) {
    assertThat(log.load()).containsOnlyKeys(ARN, "other");
    DeliveryStatus dead = log.load().get(ARN);
    assertThat(dead.failedAttempts()).isEqualTo(2);
    assertThat(dead.deadLettered()).isEqualTo(1);
    assertThat(dead.pending()).isZero(); // queues are not kept
    assertThat(dead.lastError()).hasSize(4000);
    assertThat(dead.lastSuccessMillis()).isNull();
    assertThat(dead.lastFailureMillis()).isEqualTo(2_000L);
    assertThat(dead.lastOutcome()).isEqualTo(DeliveryStatus.Outcome.DEAD_LETTERED);
    assertThat(log.load().get("other")).isEqualTo(new DeliveryStatus("other", 1, 0, 0, 0, null, 500L, null,
        DeliveryStatus.Outcome.DELIVERED));
  }
}
