package keywatch.watch.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates or upgrades the watch module's tables with Flyway (scripts under {@code db/watch}, its
 * own history table {@code flyway_watch_history}) so it can share a database with other modules'
 * migrations: a schema already holding their tables is baselined at version 0 first.
 */
public final class WatchSchema {
  public static final String LOCATION = "classpath:db/watch";
  public static final String HISTORY_TABLE = "flyway_watch_history";

  private WatchSchema() {}

  public static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
