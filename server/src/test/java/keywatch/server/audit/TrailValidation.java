package keywatch.server.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import keywatch.trail.Trail;
import keywatch.trail.TrailConfig;
import keywatch.trail.TrailDirectory;
import keywatch.trail.validate.TrailValidator;
import keywatch.trail.validate.ValidationReport;

/** {@code keywatch trail validate}'s checks over a trail a test server wrote (on the wall clock) and closed. */
final class TrailValidation {
  private TrailValidation() {}

  /**
   * Reopens the closed trail directory, with its last settings, on a clock two hours ahead, so every
   * hour since {@code from} has its digest without waiting for it; then validates from {@code from}.
   */
  static ValidationReport validateClosed(Path root, Instant from) throws IOException {
    TrailConfig last = TrailDirectory.readConfig(root);
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
    try (Trail trail = Trail.open(last, later)) {
      trail.writeDigests();
    }
    return new TrailValidator(TrailDirectory.readConfig(root), TrailDirectory.readPublicKey(root))
        .validate(from, later.instant());
  }
}
