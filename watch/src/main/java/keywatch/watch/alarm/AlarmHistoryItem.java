package keywatch.watch.alarm;

import java.time.Instant;

/** One alarm history entry, as DescribeAlarmHistory returns it. */
public record AlarmHistoryItem(
    String alarmName, Instant timestamp, String historyItemType, String historySummary, String historyData) {
  public static final String STATE_UPDATE = "StateUpdate";
  public static final String CONFIGURATION_UPDATE = "ConfigurationUpdate";
}
