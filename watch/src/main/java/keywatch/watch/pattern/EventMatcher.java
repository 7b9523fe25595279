package keywatch.watch.pattern;

import java.util.Map;

/** The compiled form of one pattern kind. Implementations are immutable and thread-safe. */
interface EventMatcher {
  /** True if the event matches; named/positional values go to {@code extracted} if not null. */
  boolean matches(ParsedEvent event, Map<String, String> extracted);

  /** Whether this kind extracts values ($1, $name): only space-delimited patterns do. */
  default boolean extracts() {
    return false;
  }
}
