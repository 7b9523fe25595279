package keywatch.watch.alarm;

/**
 * Receives alarm state transitions, once per transition and never while a state persists.
 * {@link AlarmStateChange#actions()} lists the actions configured for the new state; the alarm
 * engine calls this only when the alarm's actions are enabled.
 */
@FunctionalInterface
public interface AlarmActions {
  AlarmActions NONE = change -> {};

  void stateChanged(AlarmStateChange change);
}
