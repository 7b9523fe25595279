package keywatch.watch.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keywatch.watch.alarm.AlarmDefinition;
import keywatch.watch.alarm.AlarmJson;
import keywatch.watch.metric.MetricTransformation;

/**
 * Reads rule files whose fields are AWS's own: the JSON printed by {@code aws logs
 * describe-metric-filters} ({@code {"metricFilters":[...]}}) and by {@code aws cloudwatch
 * describe-alarms} ({@code {"MetricAlarms":[...]}}), as they are, or both keys in one file, in
 * JSON or YAML ({@code .yaml}/{@code .yml}, or any text not starting with <code>{</code>).
 */
public final class RuleFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KNOWN = Set.of("metricFilters", "MetricAlarms", "CompositeAlarms", "nextToken", "NextToken");

  private RuleFiles() {}

  public static RuleSet load(Path file) throws IOException {
    String name = file.getFileName().toString();
    return parse(Files.readString(file), name.endsWith(".yaml") || name.endsWith(".yml"), name);
  }

  public static RuleSet load(List<Path> files) throws IOException {
    RuleSet all = RuleSet.empty();
    for (Path f : files) {
      all = all.plus(load(f));
    }
    return all;
  }

  /** @param source a name for error messages */
  public static RuleSet parse(String text, boolean yaml, String source) throws IOException {
    boolean asYaml = yaml || !text.stripLeading().startsWith("{");
    JsonNode root = (asYaml ? YAML : JSON).readTree(text);
    if (root == null || !root.isObject()) {
      throw new IOException(source + ": expected an object with metricFilters and/or MetricAlarms");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KNOWN.contains(k)) {
        throw new IOException(source + ": unknown key '" + k + "' (expected metricFilters, MetricAlarms)");
      }
    }
    if (root.path("CompositeAlarms").size() > 0) {
      throw new IOException(source + ": composite alarms are not supported");
    }
    List<MetricFilterSpec> filters = new ArrayList<>();
    for (JsonNode f : root.path("metricFilters")) {
      List<MetricTransformation> ts = new ArrayList<>();
      for (JsonNode t : f.path("metricTransformations")) {
        Map<String, String> dims = new LinkedHashMap<>();
        t.path("dimensions").fields().forEachRemaining(e -> dims.put(e.getKey(), e.getValue().asText()));
        ts.add(new MetricTransformation(
            text(t, "metricName"), text(t, "metricNamespace"), text(t, "metricValue"),
            t.hasNonNull("defaultValue") ? t.get("defaultValue").asDouble() : null, dims, text(t, "unit")));
      }
      filters.add(new MetricFilterSpec(text(f, "logGroupName"), text(f, "filterName"), text(f, "filterPattern"), ts));
    }
    List<AlarmDefinition> alarms = new ArrayList<>();
    for (JsonNode a : root.path("MetricAlarms")) {
      try {
        alarms.add(AlarmJson.fromJson(a));
      } catch (IllegalArgumentException e) {
        throw new IOException(source + ": alarm " + a.path("AlarmName").asText() + ": " + e.getMessage(), e);
      }
    }
    return new RuleSet(filters, alarms);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
  }
}
