package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import keywatch.kms.key.KeyState;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/**
 * ScheduleKeyDeletion: the key goes to PendingDeletion and is deleted when its waiting period
 * (7 to 30 days, default 30) ends. Until then it can be recovered with CancelKeyDeletion.
 */
public final class ScheduleKeyDeletion implements Operation {
  static final int DEFAULT_WINDOW_DAYS = 30;

  private final OperationContext ctx;

  public ScheduleKeyDeletion(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "ScheduleKeyDeletion";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    Integer window = request.integer("PendingWindowInDays", 7, 30);
    int days = window == null ? DEFAULT_WINDOW_DAYS : window;
    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    Instant deletionDate = ctx.clock().instant().plus(Duration.ofDays(days));
    KmsKey scheduled = ctx.store().modify(key.keyId(), k -> {
      ctx.keys().requireNotPendingDeletion(k);
      return k.withState(KeyState.PENDING_DELETION, deletionDate, days);
    });
    ObjectNode out = Json.object();
    out.put("KeyId", scheduled.arn());
    out.put("DeletionDate", Json.epochSeconds(deletionDate));
    out.put("KeyState", KeyState.PENDING_DELETION.awsName());
    out.put("PendingWindowInDays", days);
    return out;
  }
}
