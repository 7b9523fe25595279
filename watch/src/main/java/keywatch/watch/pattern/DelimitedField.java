package keywatch.watch.pattern;

import java.util.Objects;
import java.util.Optional;

/** One field of a space-delimited pattern. */
public sealed interface DelimitedField permits DelimitedField.Ellipsis, DelimitedField.Named {

  /** {@code ...}: any number (zero or more) of event fields. */
  record Ellipsis() implements DelimitedField {}

  /** A named field, optionally constrained. */
  record Named(String name, Optional<FieldCondition> condition) implements DelimitedField {
    public Named {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(condition, "condition");
    }
  }
}
