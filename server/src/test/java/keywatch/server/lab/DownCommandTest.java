package keywatch.server.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keywatch down --reset} removes only what keywatch made. */
class DownCommandTest {
  @TempDir Path tmp;

  @Test
  void refusesADirectoryKeywatchDidNotMake() throws Exception {
    Path mine = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(mine.resolve("holiday.jpg"), "x");
    KeywatchUpProcessTest.Out out = KeywatchUpProcessTest.run("down", "--data-dir", mine.toString(), "--reset");
    assertThat(out.code()).isEqualTo(2);
    assertThat(mine.resolve("holiday.jpg")).exists();
  }

  @Test
  void removesAStoppedUpsDirectory() throws Exception {
    Path lab = Files.createDirectories(tmp.resolve("lab"));
    Files.writeString(lab.resolve("up.json"), "{\"pid\":" + Long.MAX_VALUE + "}");
    Files.createDirectories(lab.resolve("trail/logs"));
    KeywatchUpProcessTest.Out out = KeywatchUpProcessTest.run("down", "--data-dir", lab.toString(), "--reset");
    assertThat(out.code()).as(out.text()).isZero();
    assertThat(out.text()).contains("is not running").contains("removed");
    assertThat(lab).doesNotExist();
  }
}
