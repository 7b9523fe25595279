package keywatch.watch.pattern;

import java.util.Map;
import java.util.regex.Pattern;

/** A standalone {@code %regex%}: found anywhere in the message. */
final class RegexMatcher implements EventMatcher {
  private final Pattern regex;

  RegexMatcher(PatternNode.RegexPattern pattern) {
    this.regex = RegexRules.compile(pattern.regex());
  }

  @Override
  public boolean matches(ParsedEvent event, Map<String, String> extracted) {
    return regex.matcher(event.message()).find();
  }
}
