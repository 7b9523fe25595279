package keywatch.watch.pattern;

import java.util.List;
import java.util.Objects;

/** A JSON property selector such as {@code $.a.b}, {@code $.a[0]}, {@code $.['x.y']}, {@code $.*}. */
public record Selector(List<Step> steps) {
  public Selector {
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a selector needs at least one step after $");
    }
  }

  /** Number of wildcard steps ({@code .*} or {@code [*]}). */
  public int wildcardCount() {
    int n = 0;
    for (Step s : steps) {
      if (s instanceof Step.AnyChild || s instanceof Step.AnyElement) {
        n++;
      }
    }
    return n;
  }

  public sealed interface Step permits Step.Property, Step.Index, Step.AnyChild, Step.AnyElement {
    /** {@code .name} or {@code .['name']}. */
    record Property(String name) implements Step {
      public Property {
        Objects.requireNonNull(name, "name");
      }
    }

    /** {@code [n]}. */
    record Index(int index) implements Step {}

    /** {@code .*}: every property value of an object (every element of an array). */
    record AnyChild() implements Step {}

    /** {@code [*]}: every element of an array. */
    record AnyElement() implements Step {}
  }
}
