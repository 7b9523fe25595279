package keywatch.watch.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outcome of matching one event: whether it matched, the values a space-delimited pattern
 * extracted (keys {@code $1}, {@code $name}, as TestMetricFilter reports them), and access to
 * the event's fields for metric values ({@code $.a.b} or {@code $name}).
 */
public final class MatchResult {
  static final MatchResult NO_MATCH = new MatchResult(false, Map.of(), null, null);

  private final boolean matched;
  private final Map<String, String> extracted;
  private final ParsedEvent event;
  private final Function<String, CompiledSelector> selectors;

  MatchResult(
      boolean matched,
      Map<String, String> extracted,
      ParsedEvent event,
      Function<String, CompiledSelector> selectors) {
    this.matched = matched;
    this.extracted = Collections.unmodifiableMap(extracted);
    this.event = event;
    this.selectors = selectors;
  }

  public boolean matched() {
    return matched;
  }

  /** {@code $1}, {@code $name}, ... for space-delimited patterns; empty for other kinds. */
  public Map<String, String> extractedValues() {
    return extracted;
  }

  /**
   * The value a reference names in the matched event: {@code $.a.b} (any selector) resolves the
   * JSON event's field and gives a string, number or boolean as text; {@code $name} or
   * {@code $3} gives a space-delimited field. Empty if the event did not match, the field is
   * absent, null, an object or an array, or the reference is malformed.
   */
  public Optional<String> valueOf(String reference) {
    if (!matched || reference == null || reference.isEmpty() || reference.charAt(0) != '$') {
      return Optional.empty();
    }
    if (reference.length() > 1 && (reference.charAt(1) == '.' || reference.charAt(1) == '[')) {
      CompiledSelector sel;
      try {
        sel = selectors.apply(reference);
      } catch (PatternSyntaxException e) {
        return Optional.empty();
      }
      try {
        JsonNode root = event.json();
        JsonNode v = root == null ? null : sel.firstScalar(root);
        return v == null ? Optional.empty() : Optional.of(v.isTextual() ? v.textValue() : v.asText());
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(extracted.get(reference));
  }

  @Override
  public String toString() {
    return matched ? "MatchResult[matched, " + extracted + "]" : "MatchResult[no match]";
  }
}
