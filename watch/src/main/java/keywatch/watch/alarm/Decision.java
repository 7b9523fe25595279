package keywatch.watch.alarm;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What one evaluation concluded: a state with its reason, or "keep the current state" (state null). */
public record Decision(AlarmState state, String reason, ObjectNode reasonData) {
  public static final Decision RETAIN = new Decision(null, null, null);

  public boolean retains() {
    return state == null;
  }
}
