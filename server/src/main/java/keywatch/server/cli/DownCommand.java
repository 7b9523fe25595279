package keywatch.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import keywatch.server.lab.LabStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keywatch down}: stops a running {@code keywatch up}; {@code --reset} removes its data directory. */
@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Stop the 'keywatch up' of --data-dir (SIGTERM, then wait); --reset also removes everything it created.")
public final class DownCommand implements java.util.concurrent.Callable<Integer> {
  @Option(names = "--data-dir", defaultValue = "${env:KEYWATCH_DATA_DIR:-keywatch-lab}", description = "(default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(names = "--reset", description = "Remove the whole data directory (keys, trail, outbox, history) once stopped.")
  boolean reset;

  @Option(names = "--timeout-seconds", defaultValue = "60", description = "How long to wait for a graceful stop (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Path state = dataDir.resolve(LabStack.STATE_FILE);
    if (Files.exists(state)) {
      JsonNode s = new ObjectMapper().readTree(state.toFile());
      long pid = s.path("pid").asLong();
      Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(h -> h.info().command().map(c -> c.contains("java")).orElse(true));
      if (p.isPresent()) {
        System.out.println("stopping keywatch up (pid " + pid + ")...");
        p.get().destroy();
        try {
          p.get().onExit().get(timeoutSeconds, TimeUnit.SECONDS);
          System.out.println("stopped; the trail is closed: keywatch trail validate --trail-dir " + s.path("trailDir").asText());
        } catch (java.util.concurrent.TimeoutException e) {
          System.err.println("pid " + pid + " did not stop within " + timeoutSeconds + " s; still running");
          return 1;
        }
      } else {
        System.out.println("keywatch up (pid " + pid + ") is not running");
      }
    } else if (!reset) {
      System.out.println("nothing to stop: no " + state);
      return 0;
    }
    if (reset) {
      if (!Files.isDirectory(dataDir)) {
        System.out.println("nothing to remove: " + dataDir + " does not exist");
        return 0;
      }
      if (!Files.exists(state) && !Files.exists(dataDir.resolve("root.key"))) {
        System.err.println("refusing to remove " + dataDir.toAbsolutePath() + ": it has no " + LabStack.STATE_FILE
            + " or root.key, so keywatch did not make it");
        return 2;
      }
      deleteTree(dataDir);
      System.out.println("removed " + dataDir.toAbsolutePath());
    }
    return 0;
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
