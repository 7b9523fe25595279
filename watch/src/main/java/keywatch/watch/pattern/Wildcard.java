package keywatch.watch.pattern;

/**
 * A string value with AWS's wildcard rule: {@code *} at the start and/or the end matches any
 * characters; {@code *} elsewhere is literal; {@code *} alone matches any value.
 */
final class Wildcard {
  private enum Mode { ANY, EXACT, PREFIX, SUFFIX, CONTAINS }

  private final Mode mode;
  private final String core;

  private Wildcard(Mode mode, String core) {
    this.mode = mode;
    this.core = core;
  }

  static Wildcard of(String text) {
    int n = text.length();
    boolean lead = n > 0 && text.charAt(0) == '*';
    boolean trail = n > 1 && text.charAt(n - 1) == '*';
    if (lead && (n == 1 || (trail && n == 2))) {
      return new Wildcard(Mode.ANY, "");
    }
    if (lead && trail) {
      return new Wildcard(Mode.CONTAINS, text.substring(1, n - 1));
    }
    if (lead) {
      return new Wildcard(Mode.SUFFIX, text.substring(1));
    }
    if (trail) {
      return new Wildcard(Mode.PREFIX, text.substring(0, n - 1));
    }
    return new Wildcard(Mode.EXACT, text);
  }

  boolean matches(String s) {
    switch (mode) {
      case ANY:
        return true;
      case EXACT:
        return s.equals(core);
      case PREFIX:
        return s.startsWith(core);
      case SUFFIX:
        return s.endsWith(core);
      default:
        return s.contains(core);
    }
  }

  /** The literal text every match contains, or null when a match may be any text. */
  String requiredText() {
    return mode == Mode.ANY ? null : core;
  }

  boolean isExact() {
    return mode == Mode.EXACT;
  }
}
