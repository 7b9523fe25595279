package keywatch.watch.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON patterns, evaluated over the event's Jackson tree.
 *
 * <p>Semantics: a selector with a wildcard holds if any value it resolves to satisfies the
 * comparison. A selector resolving to an object or array satisfies no comparison (AWS: "a
 * property selector that points to an array or an object never matches"), and a missing field
 * satisfies none either, not even {@code !=}. {@code IS NULL} needs a JSON null,
 * {@code IS TRUE/FALSE} a JSON boolean, {@code NOT EXISTS} that nothing is resolved.
 *
 * <p>Speed: before parsing, a raw-text prefilter rejects events that cannot match. Every
 * conjunct of the top-level {@code &&} that needs a field present contributes that field's
 * name as {@code "name"}, and an exact {@code =} string its text, which a matching event's raw
 * JSON must contain. Escapes could hide them, so names are skipped if the raw text has
 * {@code \\u} and values if it has any backslash. Most CloudTrail records fail the lab filter's
 * {@code "errorCode"} needle and are never parsed.
 */
final class JsonMatcher implements EventMatcher {
  private interface Node {
    boolean eval(JsonNode root);
  }

  private final Node root;
  private final String[] nameNeedles;
  private final String[] valueNeedles;

  JsonMatcher(PatternNode.JsonPattern pattern) {
    this.root = compile(pattern.expression());
    Set<String> names = new LinkedHashSet<>();
    Set<String> values = new LinkedHashSet<>();
    needles(pattern.expression(), names, values);
    this.nameNeedles = names.toArray(new String[0]);
    this.valueNeedles = values.toArray(new String[0]);
  }

  @Override
  public boolean matches(ParsedEvent event, Map<String, String> extracted) {
    if (!prefilter(event.message())) {
      return false;
    }
    JsonNode json = event.json();
    return json != null && root.eval(json);
  }

  private boolean prefilter(String raw) {
    if (nameNeedles.length == 0 && valueNeedles.length == 0) {
      return true;
    }
    boolean backslash = raw.indexOf('\\') >= 0;
    if (!backslash || raw.indexOf("\\u") < 0) {
      for (String n : nameNeedles) {
        if (!raw.contains(n)) {
          return false;
        }
      }
    }
    if (!backslash) {
      for (String v : valueNeedles) {
        if (!raw.contains(v)) {
          return false;
        }
      }
    }
    return true;
  }

  private static void needles(JsonExpr e, Set<String> names, Set<String> values) {
    if (e instanceof JsonExpr.And and) {
      for (JsonExpr p : and.parts()) {
        needles(p, names, values);
      }
    } else if (e instanceof JsonExpr.Compare cmp) {
      String name = new CompiledSelector(cmp.selector()).lastPropertyNeedle();
      if (name != null) {
        names.add(name);
      }
      if (cmp.operator() == Operator.EQ && cmp.value() instanceof Value.StringValue s) {
        String core = Wildcard.of(s.text()).requiredText();
        if (core != null && !core.isEmpty() && isRawSafeText(core)) {
          values.add(core);
        }
      }
    } else if (e instanceof JsonExpr.Check chk && chk.kind() != JsonExpr.Check.Kind.NOT_EXISTS) {
      String name = new CompiledSelector(chk.selector()).lastPropertyNeedle();
      if (name != null) {
        names.add(name);
      }
    }
  }

  /**
   * Text that appears verbatim in raw JSON when the value is a string: nothing JSON must
   * escape, ASCII only, and not number-like (a number node's text may differ from its raw form).
   */
  private static boolean isRawSafeText(String s) {
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

  private static Node compile(JsonExpr e) {
    if (e instanceof JsonExpr.And and) {
      Node[] parts = compileAll(and.parts());
      return json -> {
        for (Node p : parts) {
          if (!p.eval(json)) {
            return false;
          }
        }
        return true;
      };
    }
    if (e instanceof JsonExpr.Or or) {
      Node[] parts = compileAll(or.parts());
      return json -> {
        for (Node p : parts) {
          if (p.eval(json)) {
            return true;
          }
        }
        return false;
      };
    }
    if (e instanceof JsonExpr.Compare cmp) {
      CompiledSelector sel = new CompiledSelector(cmp.selector());
      Comparison c = new Comparison(cmp.operator(), cmp.value());
      CompiledSelector.NodeTest test = c::testNode;
      return json -> sel.anyMatch(json, test);
    }
    JsonExpr.Check chk = (JsonExpr.Check) e;
    CompiledSelector sel = new CompiledSelector(chk.selector());
    switch (chk.kind()) {
      case IS_NULL:
        return json -> sel.anyMatch(json, JsonNode::isNull);
      case IS_TRUE:
        return json -> sel.anyMatch(json, n -> n.isBoolean() && n.booleanValue());
      case IS_FALSE:
        return json -> sel.anyMatch(json, n -> n.isBoolean() && !n.booleanValue());
      default:
        return json -> !sel.exists(json);
    }
  }

  private static Node[] compileAll(List<JsonExpr> parts) {
    List<Node> out = new ArrayList<>(parts.size());
    for (JsonExpr p : parts) {
      out.add(compile(p));
    }
    return out.toArray(new Node[0]);
  }
}
