package keywatch.watch.pattern;

import java.util.List;
import java.util.Map;

/**
 * Space-delimited patterns. Without {@code ...} the event must have exactly as many fields as
 * the pattern; each {@code ...} absorbs zero or more event fields (found by backtracking, with
 * failed positions remembered so several ellipses stay linear in practice).
 *
 * <p>Extracted values: for each named field at pattern position {@code i} (1-based, counting
 * every field including {@code ...}), {@code $i} and {@code $name} both map to the event field.
 */
final class DelimitedMatcher implements EventMatcher {
  private interface Cond {
    boolean test(String field);
  }

  private final int count;
  private final boolean[] ellipsis;
  private final String[] names;
  private final String[] positionKeys;
  private final String[] nameKeys;
  private final Cond[] conds;
  private final int ellipsisCount;

  DelimitedMatcher(PatternNode.DelimitedPattern pattern) {
    List<DelimitedField> fields = pattern.fields();
    count = fields.size();
    ellipsis = new boolean[count];
    names = new String[count];
    positionKeys = new String[count];
    nameKeys = new String[count];
    conds = new Cond[count];
    int e = 0;
    for (int i = 0; i < count; i++) {
      DelimitedField f = fields.get(i);
      if (f instanceof DelimitedField.Named named) {
        names[i] = named.name();
        positionKeys[i] = "$" + (i + 1);
        nameKeys[i] = "$" + named.name();
        conds[i] = named.condition().map(DelimitedMatcher::compile).orElse(null);
      } else {
        ellipsis[i] = true;
        e++;
      }
    }
    ellipsisCount = e;
  }

  private static Cond compile(FieldCondition c) {
    if (c instanceof FieldCondition.Compare cmp) {
      Comparison comparison = new Comparison(cmp.operator(), cmp.value());
      return comparison::testText;
    }
    if (c instanceof FieldCondition.All all) {
      Cond[] parts = all.parts().stream().map(DelimitedMatcher::compile).toArray(Cond[]::new);
      return s -> {
        for (Cond p : parts) {
          if (!p.test(s)) {
            return false;
          }
        }
        return true;
      };
    }
    Cond[] parts = ((FieldCondition.Any) c).parts().stream().map(DelimitedMatcher::compile).toArray(Cond[]::new);
    return s -> {
      for (Cond p : parts) {
        if (p.test(s)) {
          return true;
        }
      }
      return false;
    };
  }

  @Override
  public boolean extracts() {
    return true;
  }

  @Override
  public boolean matches(ParsedEvent event, Map<String, String> extracted) {
    List<String> tokens = event.fields();
    int t = tokens.size();
    if (ellipsisCount == 0 && t != count) {
      return false;
    }
    if (t < count - ellipsisCount) {
      return false;
    }
    int[] assign = new int[count];
    boolean[] failed = ellipsisCount > 1 ? new boolean[(count + 1) * (t + 1)] : null;
    if (!match(0, 0, tokens, assign, failed)) {
      return false;
    }
    if (extracted != null) {
      for (int i = 0; i < count; i++) {
        if (!ellipsis[i]) {
          String v = tokens.get(assign[i]);
          extracted.put(positionKeys[i], v);
          extracted.put(nameKeys[i], v);
        }
      }
    }
    return true;
  }

  private boolean match(int f, int t, List<String> tokens, int[] assign, boolean[] failed) {
    int total = tokens.size();
    while (f < count && !ellipsis[f]) {
      if (t >= total || (conds[f] != null && !conds[f].test(tokens.get(t)))) {
        return false;
      }
      assign[f] = t;
      f++;
      t++;
    }
    if (f == count) {
      return t == total;
    }
    if (failed != null && failed[f * (total + 1) + t]) {
      return false;
    }
    for (int k = t; k <= total; k++) {
      if (match(f + 1, k, tokens, assign, failed)) {
        return true;
      }
    }
    if (failed != null) {
      failed[f * (total + 1) + t] = true;
    }
    return false;
  }
}
