package keywatch.server.respond;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The responses configured for one alarm.
 *
 * @param maxKeysDisabledPerHour across all alarms' responses, the most keys disabled in any hour
 * @param neverDisable key ids or ARNs never disabled nor denied on, whatever the evidence says
 */
public record ResponsePolicy(
    String alarmName,
    List<ResponseAction> actions,
    boolean dryRun,
    boolean requireApproval,
    Duration cooldown,
    int maxKeysDisabledPerHour,
    Set<String> neverDisable) {

  public ResponsePolicy {
    actions = List.copyOf(actions);
    neverDisable = Set.copyOf(neverDisable);
    if (maxKeysDisabledPerHour < 0) {
      throw new IllegalArgumentException("maxKeysDisabledPerHour must be >= 0");
    }
  }

  public static ResponsePolicy disableKey(String alarmName) {
    return new ResponsePolicy(alarmName, List.of(ResponseAction.DISABLE_KEY), false, false, Duration.ofMinutes(5), 3, Set.of());
  }

  public ResponsePolicy withDryRun(boolean v) {
    return new ResponsePolicy(alarmName, actions, v, requireApproval, cooldown, maxKeysDisabledPerHour, neverDisable);
  }

  public ResponsePolicy withApproval(boolean v) {
    return new ResponsePolicy(alarmName, actions, dryRun, v, cooldown, maxKeysDisabledPerHour, neverDisable);
  }

  public ResponsePolicy withActions(List<ResponseAction> v) {
    return new ResponsePolicy(alarmName, v, dryRun, requireApproval, cooldown, maxKeysDisabledPerHour, neverDisable);
  }

  public ResponsePolicy withLimits(Duration cooldown, int maxKeysDisabledPerHour, Set<String> neverDisable) {
    return new ResponsePolicy(alarmName, actions, dryRun, requireApproval, cooldown, maxKeysDisabledPerHour, neverDisable);
  }

  /** True if {@code keyArn} (or its id, the part after "key/") is on the allow-list. */
  public boolean allowListed(String keyArn) {
    if (keyArn == null) {
      return false;
    }
    int slash = keyArn.lastIndexOf("key/");
    String id = slash >= 0 ? keyArn.substring(slash + 4) : keyArn;
    return neverDisable.contains(keyArn) || neverDisable.contains(id);
  }
}
