package keywatch.watch.store;

import java.nio.file.Path;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2PersistenceTest {
  @TempDir Path dir;

  @Test
  void stateAndHistorySurviveARestartOnH2Files() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + dir.resolve("watch").toAbsolutePath());
    ds.setUser("sa");
    PersistenceContract.stateAndHistorySurviveARestart(ds);
  }
}
