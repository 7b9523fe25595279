package keywatch.watch.alarm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where alarms, their states and their histories live between restarts. */
public interface AlarmRepository {
  List<AlarmStatus> loadAlarms();

  void saveAlarm(AlarmStatus alarm);

  void deleteAlarm(String alarmName);

  void appendHistory(AlarmHistoryItem item);

  /** Oldest first. */
  List<AlarmHistoryItem> history(String alarmName);

  /** Keeps everything in memory: for replays and tests that need no durability. */
  static AlarmRepository inMemory() {
    return new AlarmRepository() {
      private final Map<String, AlarmStatus> alarms = new LinkedHashMap<>();
      private final List<AlarmHistoryItem> history = new ArrayList<>();

      @Override
      public List<AlarmStatus> loadAlarms() {
        return List.copyOf(alarms.values());
      }

      @Override
      public void saveAlarm(AlarmStatus alarm) {
        alarms.put(alarm.definition().alarmName(), alarm);
      }

      @Override
      public void deleteAlarm(String alarmName) {
        alarms.remove(alarmName);
      }

      @Override
      public void appendHistory(AlarmHistoryItem item) {
        history.add(item);
      }

      @Override
      public List<AlarmHistoryItem> history(String alarmName) {
        return history.stream().filter(h -> h.alarmName().equals(alarmName)).toList();
      }
    };
  }
}
