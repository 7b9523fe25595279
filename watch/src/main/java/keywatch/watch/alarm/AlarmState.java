package keywatch.watch.alarm;

/** The three alarm states; the names are AWS's StateValue strings. */
public enum AlarmState {
  OK,
  ALARM,
  INSUFFICIENT_DATA
}
