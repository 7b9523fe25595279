package keywatch.watch.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every vector of {@code shared/oracles/filter-patterns.json}: documented outcomes of CloudWatch
 * Logs filter patterns taken from AWS's CloudWatch Logs user guide ("Filter pattern syntax for
 * metric filters, subscription filters, filter log events, and Live Tail",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html).
 * All failures are collected, then asserted to be none.
 */
class OracleVectorsTest {
  private static final Set<String> KNOWN_SECTIONS = Set.of("about", "notes", "text", "json");

  @Test
  void everyOracleVectorPasses() throws IOException {
    Path file = oracleFile();
    JsonNode root = new ObjectMapper().readTree(Files.readString(file));
    List<String> failures = new ArrayList<>();
    int checked = 0;

    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String section = it.next();
      if (!KNOWN_SECTIONS.contains(section)) {
        failures.add("unknown section '" + section + "' in " + file + ": teach this test to read it");
      }
    }

    for (JsonNode group : root.path("text")) {
      List<String> events = new ArrayList<>();
      group.path("events").forEach(e -> events.add(e.asText()));
      for (JsonNode c : group.path("cases")) {
        String pattern = c.path("pattern").asText();
        Set<Integer> expected = new HashSet<>();
        c.path("match").forEach(i -> expected.add(i.asInt()));
        FilterPattern p = parseOrRecord(pattern, failures);
        if (p == null) {
          continue;
        }
        for (int i = 0; i < events.size(); i++) {
          checked++;
          boolean actual = p.match(events.get(i)).matched();
          if (actual != expected.contains(i)) {
            failures.add(
                "text pattern " + pattern + " on event " + i + " '" + events.get(i) + "': expected "
                    + (expected.contains(i) ? "match" : "no match") + ", got " + (actual ? "match" : "no match"));
          }
        }
      }
    }

    for (JsonNode group : root.path("json")) {
      String event = group.path("event").asText();
      for (String key : List.of("match", "no_match")) {
        boolean expected = key.equals("match");
        for (JsonNode pat : group.path(key)) {
          String pattern = pat.asText();
          FilterPattern p = parseOrRecord(pattern, failures);
          if (p == null) {
            continue;
          }
          checked++;
          boolean actual = p.match(event).matched();
          if (actual != expected) {
            failures.add(
                "JSON pattern " + pattern + " on " + event + ": expected "
                    + (expected ? "match" : "no match") + ", got " + (actual ? "match" : "no match"));
          }
        }
      }
    }

    assertThat(checked).as("vectors checked").isGreaterThan(40);
    assertThat(failures).as("oracle failures").isEmpty();
  }

  private static FilterPattern parseOrRecord(String pattern, List<String> failures) {
    try {
      return FilterPattern.parse(pattern);
    } catch (PatternSyntaxException e) {
      failures.add("pattern " + pattern + " did not parse: " + e.getMessage());
      return null;
    }
  }

  /**
   * {@code <project root>/../shared/oracles/filter-patterns.json}, the project root being the
   * nearest directory upwards from here whose pom.xml declares modules.
   */
  static Path oracleFile() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    Path root = null;
    for (Path d = dir; d != null; d = d.getParent()) {
      Path pom = d.resolve("pom.xml");
      if (Files.isRegularFile(pom) && Files.readString(pom).contains("<modules>")) {
        root = d;
        break;
      }
    }
    if (root == null) {
      fail("no parent pom (a pom.xml with <modules>) found above " + dir);
    }
    Path file = root.resolve("../shared/oracles/filter-patterns.json").normalize();
    if (!Files.isRegularFile(file)) {
      fail("oracle vectors missing: expected " + file + " (shared/ must sit beside the project root " + root + ")");
    }
    return file;
  }
}
