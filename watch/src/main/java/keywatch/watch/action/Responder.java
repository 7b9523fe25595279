package keywatch.watch.action;

import java.util.List;
import keywatch.watch.alarm.AlarmStateChange;

/**
 * Acts on an alarm's state change with the evidence behind it (disable a key, cut off a
 * principal). watch knows no KMS: implementations live in the server.
 */
@FunctionalInterface
public interface Responder {
  void respond(AlarmStateChange change, List<EvidenceRecord> evidence);
}
