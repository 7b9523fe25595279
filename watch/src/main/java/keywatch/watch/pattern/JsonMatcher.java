package keywatch.watch.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON patterns, evaluated over the event's Jackson tree.
 *
 * <p>Semantics: a selector with a wildcard holds if any value it resolves to satisfies the
 * comparison. A selector resolving to an object or array satisfies no comparison (AWS: "a
 * property selector that points to an array or an object never matches"), and a missing field
 * satisfies none either, not even {@code !=}. {@code IS NULL} needs a JSON null,
 * {@code IS TRUE/FALSE} a JSON boolean, {@code NOT EXISTS} that nothing is resolved.
 *
 * <p>Speed: a {@link Prefilter} on the raw text rejects most events that cannot match before
 * they are parsed; the parse itself is shared through {@link ParsedEvent}.
 */
final class JsonMatcher implements EventMatcher {
  private interface Node {
    boolean eval(JsonNode root);
  }

  private final Node root;
  private final Prefilter prefilter;

  JsonMatcher(PatternNode.JsonPattern pattern) {
    this(pattern, true);
  }

  /** Without the prefilter only to test that the prefilter never changes an outcome. */
  JsonMatcher(PatternNode.JsonPattern pattern, boolean usePrefilter) {
    this.root = compile(pattern.expression());
    this.prefilter = usePrefilter ? Prefilter.of(pattern.expression()) : null;
  }

  @Override
  public boolean matches(ParsedEvent event, Map<String, String> extracted) {
    if (prefilter != null && event.isLiteral() && !prefilter.mayMatch(event)) {
      return false;
    }
    JsonNode json = event.json();
    return json != null && root.eval(json);
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
