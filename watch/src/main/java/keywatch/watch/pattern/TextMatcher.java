package keywatch.watch.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Unstructured text terms, matched as case-sensitive substrings of the whole message. Plain
 * terms must all occur, {@code -} terms must not occur, and {@code ?} terms (at least one must
 * occur) count only when the pattern has no other terms: AWS ignores {@code ?} terms combined
 * with other terms.
 */
final class TextMatcher implements EventMatcher {
  private final String[] required;
  private final String[] excluded;
  private final String[] optional;

  TextMatcher(PatternNode.TextPattern pattern) {
    List<String> req = new ArrayList<>();
    List<String> exc = new ArrayList<>();
    List<String> opt = new ArrayList<>();
    for (TextTerm t : pattern.terms()) {
      switch (t.kind()) {
        case REQUIRED -> req.add(t.text());
        case EXCLUDED -> exc.add(t.text());
        default -> opt.add(t.text());
      }
    }
    required = req.toArray(new String[0]);
    excluded = exc.toArray(new String[0]);
    optional = req.isEmpty() && exc.isEmpty() ? opt.toArray(new String[0]) : new String[0];
  }

  @Override
  public boolean matches(ParsedEvent event, Map<String, String> extracted) {
    String m = event.message();
    for (String r : required) {
      if (!m.contains(r)) {
        return false;
      }
    }
    for (String e : excluded) {
      if (m.contains(e)) {
        return false;
      }
    }
    if (optional.length == 0) {
      return true;
    }
    for (String o : optional) {
      if (m.contains(o)) {
        return true;
      }
    }
    return false;
  }
}
