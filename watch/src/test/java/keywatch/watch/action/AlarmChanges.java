package keywatch.watch.action;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import keywatch.watch.alarm.AlarmState;
import keywatch.watch.alarm.AlarmStateChange;
import keywatch.watch.alarm.ComparisonOperator;
import keywatch.watch.alarm.TreatMissingData;

/** The lab's alarm going to ALARM (LAB.md §4), for tests. */
public final class AlarmChanges {
  public static final String NAME = "Pattern1ApplicationKMSSecurityAlarm";

  private AlarmChanges() {}

  public static AlarmStateChange labAlarm(String region, String topicArn, Instant at) {
    return new AlarmStateChange(NAME, "KMS errors from the app role", "111122223333", region,
        "arn:aws:cloudwatch:" + region + ":111122223333:alarm:" + NAME, at.minusSeconds(60), AlarmState.OK, AlarmState.ALARM,
        "Threshold Crossed: 1 datapoint [3.0 (27/11/26 16:00:00)] was greater than the threshold (1.0).", "{}", at,
        List.of(), List.of(topicArn), List.of(),
        new AlarmStateChange.Trigger("KMSSecurityError", "Pattern1Application/KMSSecurity", "Metric", "SUM", null, Map.of(),
            10, 1, 1, ComparisonOperator.GreaterThanThreshold, 1.0, TreatMissingData.ignore, null));
  }
}
