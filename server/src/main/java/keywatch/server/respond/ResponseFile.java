package keywatch.server.respond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Responses per alarm from a YAML file:
 * <pre>
 * responses:
 *   - alarm: Pattern1ApplicationKMSSecurityAlarm
 *     actions: [DISABLE_KEY, DENY_PRINCIPAL]   # or DEACTIVATE_ACCESS_KEY
 *     dryRun: false
 *     requireApproval: false
 *     cooldownSeconds: 300
 *     maxKeysDisabledPerHour: 3
 *     neverDisable: [1234abcd-12ab-34cd-56ef-1234567890ab]
 * </pre>
 */
public final class ResponseFile {
  private ResponseFile() {}

  public static List<ResponsePolicy> load(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    List<ResponsePolicy> out = new ArrayList<>();
    for (JsonNode r : root.path("responses")) {
      String alarm = r.path("alarm").asText(null);
      if (alarm == null) {
        throw new IOException(file + ": a response needs its alarm");
      }
      List<ResponseAction> actions = new ArrayList<>();
      for (JsonNode a : r.path("actions")) {
        actions.add(ResponseAction.valueOf(a.asText()));
      }
      if (actions.isEmpty()) {
        actions.add(ResponseAction.DISABLE_KEY);
      }
      Set<String> never = new HashSet<>();
      r.path("neverDisable").forEach(k -> never.add(k.asText()));
      out.add(new ResponsePolicy(alarm, actions, r.path("dryRun").asBoolean(false), r.path("requireApproval").asBoolean(false),
          Duration.ofSeconds(r.path("cooldownSeconds").asLong(300)), r.path("maxKeysDisabledPerHour").asInt(3), never));
    }
    return out;
  }
}
