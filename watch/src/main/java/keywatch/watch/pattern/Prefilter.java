package keywatch.watch.pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * A necessary condition for a JSON pattern, checked on the raw event text before parsing it.
 *
 * <p>A comparison needs its field, so the raw JSON contains the field's last property name
 * in quotes ({@code "errorCode"}); an {@code =} against a string needs that string's literal
 * part ({@code kms.amazonaws.com}) after the first occurrence of that key, since a value follows
 * its own key. {@code &&} needs all of its parts' conditions, {@code ||}
 * one of them; {@code NOT EXISTS}, {@code !=} values, wildcard-only values and numbers give
 * no condition. JSON may hide text behind escapes ({@code \\uXXXX}, {@code \\/}), so an event
 * containing either is never rejected here. Most CloudTrail records fail the lab filter's
 * {@code "errorCode"} needle and are never parsed at all.
 */
abstract class Prefilter {
  abstract boolean mayMatch(ParsedEvent event);

  /** Evaluation order within {@code &&}: value needles, then name needles, then composites. */
  int rank() {
    return 2;
  }

  /** The condition for {@code e}, or null if it has none. */
  static Prefilter of(JsonExpr e) {
    if (e instanceof JsonExpr.And and) {
      List<Prefilter> parts = new ArrayList<>();
      for (JsonExpr p : and.parts()) {
        Prefilter f = of(p);
        if (f instanceof All all) {
          parts.addAll(List.of(all.parts));
        } else if (f != null) {
          parts.add(f);
        }
      }
      // The first order, until the counts of All take over: string values are usually rarer in
      // events than field names.
      parts.sort((x, y) -> Integer.compare(x.rank(), y.rank()));
      return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new All(parts);
    }
    if (e instanceof JsonExpr.Or or) {
      List<Prefilter> parts = new ArrayList<>();
      for (JsonExpr p : or.parts()) {
        Prefilter f = of(p);
        if (f == null) {
          return null;
        }
        parts.add(f);
      }
      return new Any(parts);
    }
    Selector selector;
    String value = null;
    if (e instanceof JsonExpr.Compare cmp) {
      selector = cmp.selector();
      if (cmp.operator() == Operator.EQ && cmp.value() instanceof Value.StringValue s) {
        String core = Wildcard.of(s.text()).requiredText();
        if (core != null && isLiteralText(core)) {
          value = core;
        }
      }
    } else {
      JsonExpr.Check chk = (JsonExpr.Check) e;
      if (chk.kind() == JsonExpr.Check.Kind.NOT_EXISTS) {
        return null;
      }
      selector = chk.selector();
    }
    // A comparison needs its field's key ("errorCode"), and an = needs the value's text after it.
    String name = new CompiledSelector(selector).lastPropertyNeedle();
    if (value != null) {
      return new Needle(value, name, 0);
    }
    return name == null ? null : new Needle(name, null, 1);
  }

  /**
   * True if the raw text shows every string literally: no {@code \\u} or {@code \\/} escape.
   * (A false alarm on an escaped backslash before 'u' only disables the prefilter.)
   */
  static boolean isLiteral(String raw) {
    int i = raw.indexOf('\\');
    while (i >= 0 && i + 1 < raw.length()) {
      char c = raw.charAt(i + 1);
      if (c == 'u' || c == '/') {
        return false;
      }
      i = raw.indexOf('\\', i + 2);
    }
    return true;
  }

  /**
   * Text a JSON string holding it shows verbatim: printable ASCII without quote or backslash,
   * and not number-like, since a number node's text may differ from how the event wrote it.
   */
  private static boolean isLiteralText(String s) {
    if (s.isEmpty()) {
      return false;
    }
    boolean numberLike = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20 || c > 0x7e) {
        return false;
      }
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        numberLike = false;
      }
    }
    return !numberLike;
  }

  /** Raw text the event must hold, after the first occurrence of a key if {@code after} is set. */
  private static final class Needle extends Prefilter {
    private final String text;
    private final String after;
    private final int rank;

    Needle(String text, String after, int rank) {
      // Interned: identity keys of ParsedEvent's per-event search cache.
      this.text = text.intern();
      this.after = after == null ? null : after.intern();
      this.rank = rank;
    }

    @Override
    int rank() {
      return rank;
    }

    @Override
    boolean mayMatch(ParsedEvent event) {
      if (after != null) {
        long span = event.soleStringValue(after);
        if (span == ParsedEvent.KEY_ABSENT) {
          return false;
        }
        if (span != ParsedEvent.UNKNOWN) {
          return event.spanContains(span, text);
        }
      }
      return event.rawIndexOf(text, after) >= 0;
    }
  }

  /**
   * A conjunction whose parts are tried in the order that has rejected most so far: which needle
   * is rare depends on the data ({@code "errorCode"} is rarer than {@code kms.amazonaws.com} in a
   * KMS trail, {@code DisableKey} rarer than {@code "eventName"}), and a part that fails early
   * spares a scan of the whole event for every part after it. The order never changes an
   * outcome. Counts are updated without synchronisation: a lost increment under contention only
   * makes the order a little less good; the order itself is swapped in whole.
   */
  private static final class All extends Prefilter {
    private static final int REORDER_EVERY = 1 << 12;

    private final Prefilter[] parts;
    private final int[] rejections;
    private volatile int[] order;
    private int evaluations;

    All(List<Prefilter> parts) {
      this.parts = parts.toArray(new Prefilter[0]);
      this.rejections = new int[this.parts.length];
      int[] o = new int[this.parts.length];
      for (int i = 0; i < o.length; i++) {
        o[i] = i;
      }
      this.order = o;
    }

    @Override
    boolean mayMatch(ParsedEvent event) {
      if (++evaluations == REORDER_EVERY) {
        reorder();
      }
      for (int i : order) {
        if (!parts[i].mayMatch(event)) {
          rejections[i]++;
          return false;
        }
      }
      return true;
    }

    private void reorder() {
      evaluations = 0;
      Integer[] o = new Integer[parts.length];
      for (int i = 0; i < o.length; i++) {
        o[i] = order[i];
      }
      int[] r = rejections.clone();
      java.util.Arrays.sort(o, (x, y) -> Integer.compare(r[y], r[x])); // stable: ties keep their order
      int[] next = new int[o.length];
      for (int i = 0; i < o.length; i++) {
        next[i] = o[i];
        rejections[i] = rejections[i] / 2; // recent data weighs more
      }
      order = next;
    }
  }

  private static final class Any extends Prefilter {
    private final Prefilter[] parts;

    Any(List<Prefilter> parts) {
      this.parts = parts.toArray(new Prefilter[0]);
    }

    @Override
    boolean mayMatch(ParsedEvent event) {
      for (Prefilter p : parts) {
        if (p.mayMatch(event)) {
          return true;
        }
      }
      return false;
    }
  }
}
