package keywatch.watch.pattern;

import java.util.Objects;

/** One term of an unstructured text pattern; matched as a case-sensitive substring. */
public record TextTerm(Kind kind, String text) {
  public TextTerm {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
  }

  /** How the term takes part in the match. */
  public enum Kind {
    /** A plain term: must occur. */
    REQUIRED,
    /** A {@code ?term}: at least one of these must occur (ignored next to other terms). */
    OPTIONAL,
    /** A {@code -term}: must not occur. */
    EXCLUDED
  }
}
