package keywatch.watch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared oracle files: {@code <project root>/../shared/oracles}, the root being the parent pom's directory. */
public final class Oracles {
  private Oracles() {}

  public static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path pom = d.resolve("pom.xml");
      try {
        if (Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>keywatch-parent</artifactId>")
            && Files.readString(pom).contains("<modules>")) {
          return d;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no parent pom above " + dir);
  }

  public static Path file(String name) {
    return projectRoot().resolve("../shared/oracles").resolve(name).normalize();
  }
}
