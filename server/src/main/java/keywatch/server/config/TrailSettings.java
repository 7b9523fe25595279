package keywatch.server.config;

import java.nio.file.Path;
import java.time.Duration;
import keywatch.trail.TrailConfig;

/**
 * Where and how the server keeps its trail.
 *
 * @param directory the trail's root directory; null for {@code <dataDir>/trail}
 * @param fileInterval how often journal records become log files (and reach the log group)
 * @param logGroupName the log group the trail delivers to ({@code keywatch-trail}; the lab's profile
 *     uses {@code pattern1-logging-loggroup})
 * @param unsafeNoTrail no trail at all: calls are not recorded. For benchmarking the trail's cost
 *     only; it breaks keywatch's first promise and the server says so loudly when it starts.
 */
public record TrailSettings(Path directory, Duration fileInterval, String logGroupName, boolean unsafeNoTrail) {
  public static final String TRAIL_NAME = "keywatch";
  public static final TrailSettings DEFAULTS =
      new TrailSettings(null, TrailConfig.DEFAULT_FILE_INTERVAL, TrailConfig.DEFAULT_LOG_GROUP, false);

  public TrailSettings {
    fileInterval = fileInterval == null ? TrailConfig.DEFAULT_FILE_INTERVAL : fileInterval;
    logGroupName = logGroupName == null ? TrailConfig.DEFAULT_LOG_GROUP : logGroupName;
    if (fileInterval.isNegative() || fileInterval.isZero()) {
      throw new IllegalArgumentException("the trail's file interval must be positive: " + fileInterval);
    }
  }

  public Path directoryUnder(Path dataDir) {
    return directory != null ? directory : dataDir.resolve("trail");
  }

  public TrailSettings withDirectory(Path dir) {
    return new TrailSettings(dir, fileInterval, logGroupName, unsafeNoTrail);
  }

  public TrailSettings withUnsafeNoTrail(boolean off) {
    return new TrailSettings(directory, fileInterval, logGroupName, off);
  }
}
