package keywatch.watch.alarm;

import java.time.Instant;

/** An alarm as DescribeAlarms shows it: definition plus state. */
public record AlarmStatus(
    AlarmDefinition definition,
    String alarmArn,
    AlarmState stateValue,
    String stateReason,
    String stateReasonData,
    Instant stateUpdatedTimestamp,
    Instant stateTransitionedTimestamp,
    Instant alarmConfigurationUpdatedTimestamp) {

  AlarmStatus withState(AlarmState s, String reason, String reasonData, Instant at) {
    return new AlarmStatus(definition, alarmArn, s, reason, reasonData, at, s == stateValue ? stateTransitionedTimestamp : at, alarmConfigurationUpdatedTimestamp);
  }
}
