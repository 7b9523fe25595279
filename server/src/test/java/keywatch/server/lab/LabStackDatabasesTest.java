package keywatch.server.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import keywatch.server.cli.UpCommandAccess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lab's flow with the app on the local MariaDB and PostgreSQL (fresh database or schema each),
 * in process (the separate-process path is {@link KeywatchUpProcessTest}'s): {@code keywatch lab}'s
 * report, the alarm raised, the secret stored encrypted in that database.
 */
class LabStackDatabasesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"mariadb", "postgresql"})
  void theLabOn(String kind) throws Exception {
    String name = "kwlab_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String url;
    String user;
    Runnable drop;
    if (kind.equals("mariadb")) {
      String admin = "jdbc:mariadb://127.0.0.1:3306/";
      exec(admin, "root", "CREATE DATABASE " + name);
      url = admin + name;
      user = "root";
      drop = () -> exec(admin, "root", "DROP DATABASE " + name);
    } else {
      String base = "jdbc:postgresql://127.0.0.1:5432/test";
      exec(base, "postgres", "CREATE SCHEMA " + name);
      url = base + "?currentSchema=" + name;
      user = "postgres";
      drop = () -> exec(base, "postgres", "DROP SCHEMA " + name + " CASCADE");
    }
    try {
      LabStack.Options options = UpCommandAccess.options(dir, url, user, "", true);
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      LabRunner.Run run;
      try (LabStack stack = LabStack.start(options, Map.of())) {
        run = LabRunner.inProcess(stack, new PrintStream(buf, true, StandardCharsets.UTF_8)).runReport();
      }
      String report = buf.toString(StandardCharsets.UTF_8);
      assertThat(report).contains("-> 200 {\"Text\":\"Welcome to ReInvent 2020!\"}")
          .contains("OK -> ALARM")
          .contains("ALARM: \"Pattern1ApplicationKMSSecurityAlarm\"")
          .contains("Decrypt  NotFoundException  by arn:aws:iam::111122223333:role/pattern1-app-Pattern1ECSTaskRole");
      assertThat(run.toAlarm()).isLessThan(1000);
      assertThat(run.toNotification()).isLessThan(2000);
      try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT name, secret FROM peoplesecret")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("Andy Jassy");
        assertThat(rs.getString(2)).doesNotContain("Welcome");
      }
    } finally {
      drop.run();
    }
  }

  private static void exec(String url, String user, String sql) {
    try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (Exception e) {
      throw new IllegalStateException("database setup failed (" + url + "): " + e.getMessage()
          + " (scripts/setup.sh starts the local PostgreSQL and MariaDB)", e);
    }
  }
}
