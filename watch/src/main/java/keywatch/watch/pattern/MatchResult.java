package keywatch.watch.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/** TEMP stand-in for the real pattern engine's match result. */
public final class MatchResult {
  static final MatchResult NO_MATCH = new MatchResult(false, null);

  private final boolean matched;
  private final JsonNode root;

  MatchResult(boolean matched, JsonNode root) {
    this.matched = matched;
    this.root = root;
  }

  public boolean matched() {
    return matched;
  }

  public Map<String, String> extractedValues() {
    return Map.of();
  }

  public Optional<String> valueOf(String reference) {
    if (root == null || !reference.startsWith("$.")) {
      return Optional.empty();
    }
    JsonNode n = FilterPattern.select(root, reference.substring(2));
    if (n == null || n.isNull() || n.isMissingNode() || n.isContainerNode()) {
      return Optional.empty();
    }
    return Optional.of(n.asText());
  }
}
