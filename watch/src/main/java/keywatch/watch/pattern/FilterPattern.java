package keywatch.watch.pattern;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import keywatch.watch.event.LogEvent;

/**
 * A CloudWatch Logs filter pattern: parsed once ({@link PatternParser}), compiled to a matcher
 * for its kind, then matched against any number of events from any number of threads.
 *
 * <p>Matching never throws: an event a pattern cannot read (not JSON for a JSON pattern, too
 * deeply nested, ...) simply does not match. {@link #match(LogEvent)} reuses the calling
 * thread's parse of the same event, so ten filters over one CloudTrail record parse it once.
 */
public final class FilterPattern {
  private static final int MAX_CACHED_SELECTORS = 64;

  private final String text;
  private final PatternNode ast;
  private final EventMatcher matcher;
  private final Map<String, CompiledSelector> selectorCache = new ConcurrentHashMap<>();
  private final Function<String, CompiledSelector> selectors = this::selector;

  private FilterPattern(String text, PatternNode ast, EventMatcher matcher) {
    this.text = text;
    this.ast = ast;
    this.matcher = matcher;
  }

  /** Parses a pattern; throws {@link PatternSyntaxException} saying where and why if invalid. */
  public static FilterPattern parse(String text) {
    PatternNode ast = PatternParser.parse(text);
    return new FilterPattern(text, ast, compile(ast));
  }

  private static EventMatcher compile(PatternNode ast) {
    if (ast instanceof PatternNode.TextPattern t) {
      return new TextMatcher(t);
    }
    if (ast instanceof PatternNode.RegexPattern r) {
      return new RegexMatcher(r);
    }
    if (ast instanceof PatternNode.DelimitedPattern d) {
      return new DelimitedMatcher(d);
    }
    if (ast instanceof PatternNode.JsonPattern j) {
      return new JsonMatcher(j);
    }
    return (event, extracted) -> true;
  }

  /** The pattern text exactly as given. */
  public String text() {
    return text;
  }

  /** The parsed pattern. */
  public PatternNode ast() {
    return ast;
  }

  public MatchResult match(LogEvent event) {
    if (event == null) {
      return MatchResult.NO_MATCH;
    }
    return match(ParsedEvent.cachedFor(event.message()));
  }

  public MatchResult match(String message) {
    if (message == null) {
      return MatchResult.NO_MATCH;
    }
    return match(ParsedEvent.cachedFor(message));
  }

  /** Matches an event parsed by the caller, who may share it among several patterns. */
  public MatchResult match(ParsedEvent event) {
    if (event == null) {
      return MatchResult.NO_MATCH;
    }
    try {
      Map<String, String> extracted = matcher.extracts() ? new LinkedHashMap<>() : Map.of();
      if (!matcher.matches(event, extracted)) {
        return MatchResult.NO_MATCH;
      }
      return new MatchResult(true, extracted, event, selectors);
    } catch (RuntimeException | StackOverflowError e) {
      return MatchResult.NO_MATCH;
    }
  }

  /** The matcher without the never-throw guard, so property tests can see what it would throw. */
  boolean matchesUnguarded(ParsedEvent event) {
    Map<String, String> extracted = matcher.extracts() ? new LinkedHashMap<>() : null;
    return matcher.matches(event, extracted);
  }

  private CompiledSelector selector(String reference) {
    CompiledSelector s = selectorCache.get(reference);
    if (s == null) {
      s = new CompiledSelector(PatternParser.parseSelector(reference));
      if (selectorCache.size() < MAX_CACHED_SELECTORS) {
        selectorCache.put(reference, s);
      }
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FilterPattern other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
