package keywatch.watch.pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** A selector turned into arrays walked with plain loops; wildcards branch by recursion. */
final class CompiledSelector {
  private static final int PROPERTY = 0;
  private static final int INDEX = 1;
  private static final int ANY_CHILD = 2;
  private static final int ANY_ELEMENT = 3;

  /** Something tested on each value a selector resolves to. */
  interface NodeTest {
    boolean test(JsonNode node);
  }

  private final int[] kinds;
  private final String[] names;
  private final int[] indexes;
  private final boolean hasWildcard;
  /** The last plain property name, if safe to look for in raw JSON text as {@code "name"}. */
  private final String lastPropertyNeedle;

  CompiledSelector(Selector selector) {
    int n = selector.steps().size();
    kinds = new int[n];
    names = new String[n];
    indexes = new int[n];
    boolean wild = false;
    String needle = null;
    for (int i = 0; i < n; i++) {
      Selector.Step s = selector.steps().get(i);
      if (s instanceof Selector.Step.Property p) {
        kinds[i] = PROPERTY;
        names[i] = p.name();
        needle = isRawSafe(p.name()) ? "\"" + p.name() + "\"" : null;
      } else if (s instanceof Selector.Step.Index ix) {
        kinds[i] = INDEX;
        indexes[i] = ix.index();
      } else if (s instanceof Selector.Step.AnyChild) {
        kinds[i] = ANY_CHILD;
        wild = true;
        needle = null;
      } else {
        kinds[i] = ANY_ELEMENT;
        wild = true;
      }
    }
    hasWildcard = wild;
    lastPropertyNeedle = needle;
  }

  String lastPropertyNeedle() {
    return lastPropertyNeedle;
  }

  /** True if some value the selector resolves to passes the test. */
  boolean anyMatch(JsonNode root, NodeTest test) {
    if (!hasWildcard) {
      JsonNode n = walk(root);
      return n != null && test.test(n);
    }
    return any(root, 0, test);
  }

  /** True if the selector resolves to at least one value (null included). */
  boolean exists(JsonNode root) {
    return anyMatch(root, n -> true);
  }

  /** The first scalar (string, number, boolean) the selector resolves to, or null. */
  JsonNode firstScalar(JsonNode root) {
    JsonNode[] found = new JsonNode[1];
    anyMatch(
        root,
        n -> {
          if (n.isValueNode() && !n.isNull()) {
            found[0] = n;
            return true;
          }
          return false;
        });
    return found[0];
  }

  private JsonNode walk(JsonNode node) {
    for (int i = 0; i < kinds.length && node != null; i++) {
      if (kinds[i] == PROPERTY) {
        node = node.isObject() ? node.get(names[i]) : null;
      } else {
        node = node.isArray() ? node.get(indexes[i]) : null;
      }
    }
    return node;
  }

  private boolean any(JsonNode node, int i, NodeTest test) {
    for (; i < kinds.length; i++) {
      switch (kinds[i]) {
        case PROPERTY:
          node = node.isObject() ? node.get(names[i]) : null;
          break;
        case INDEX:
          node = node.isArray() ? node.get(indexes[i]) : null;
          break;
        case ANY_CHILD:
          if (!node.isContainerNode()) {
            return false;
          }
          for (JsonNode child : node) {
            if (any(child, i + 1, test)) {
              return true;
            }
          }
          return false;
        default:
          if (!node.isArray()) {
            return false;
          }
          for (JsonNode child : node) {
            if (any(child, i + 1, test)) {
              return true;
            }
          }
          return false;
      }
      if (node == null) {
        return false;
      }
    }
    return test.test(node);
  }

  private static boolean isRawSafe(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
