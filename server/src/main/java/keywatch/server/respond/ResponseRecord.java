package keywatch.server.respond;

import java.time.Instant;

/** One response, as {@code keywatch respond list} shows it. */
public record ResponseRecord(
    String id, Instant createdAt, Instant updatedAt, String alarmName, Instant alarmTime, ResponseAction action,
    String keyArn, String principalArn, String accessKeyId, ResponseState state, String detail) {

  public ResponseRecord with(ResponseState newState, String newDetail, Instant now) {
    return new ResponseRecord(id, createdAt, now, alarmName, alarmTime, action, keyArn, principalArn, accessKeyId, newState, newDetail);
  }

  public String target() {
    return switch (action) {
      case DISABLE_KEY -> keyArn;
      case DENY_PRINCIPAL -> principalArn + " on " + keyArn;
      case DEACTIVATE_ACCESS_KEY -> accessKeyId;
    };
  }
}
