package keywatch.trail.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The shape of a JSON document: every path with its JSON type, in document order, values left out.
 * Golden tests compare a record keywatch writes with AWS's documented example by shape, since ids
 * and times must differ while field names, order, nesting and types must not.
 */
public final class JsonShape {
  private JsonShape() {}

  /** E.g. {@code ["$:OBJECT", "$.eventVersion:STRING", "$.resources:ARRAY", "$.resources[0]:OBJECT", ...]}. */
  public static List<String> of(JsonNode node) {
    List<String> out = new ArrayList<>();
    walk(node, "$", out);
    return out;
  }

  private static void walk(JsonNode n, String path, List<String> out) {
    out.add(path + ":" + n.getNodeType());
    if (n.isObject()) {
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        walk(n.get(f), path + "." + f, out);
      }
    } else if (n.isArray() && n.size() > 0) {
      walk(n.get(0), path + "[0]", out); // arrays of records share one element shape
    }
  }
}
