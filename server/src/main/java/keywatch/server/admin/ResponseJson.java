package keywatch.server.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.server.respond.ResponseRecord;

/** A response record as the admin API shows it; times in ISO-8601 UTC. */
final class ResponseJson {
  private ResponseJson() {}

  static ObjectNode of(ResponseRecord r) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("Id", r.id());
    o.put("State", r.state().name());
    o.put("Action", r.action().name());
    o.put("AlarmName", r.alarmName());
    o.put("AlarmTime", r.alarmTime().toString());
    o.put("Target", r.target());
    putIfPresent(o, "KeyArn", r.keyArn());
    putIfPresent(o, "PrincipalArn", r.principalArn());
    putIfPresent(o, "AccessKeyId", r.accessKeyId());
    o.put("CreatedAt", r.createdAt().toString());
    o.put("UpdatedAt", r.updatedAt().toString());
    putIfPresent(o, "Detail", r.detail());
    return o;
  }

  private static void putIfPresent(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }
}
