package keywatch.kms.protocol;

import keywatch.kms.key.KmsKey;

/**
 * Records the changes keywatch makes on its own schedule rather than for a caller: a key deleted
 * when its waiting period ends, a key rotated when automatic rotation is due. AWS KMS writes these
 * as {@code AwsServiceEvent} records ({@code DeleteKey}, {@code RotateKey}).
 *
 * <p>Audited or refused, as for calls: the key resolver calls these methods as the store's commit
 * guard, inside its lock, after the change is computed and before it is written; if a method
 * throws, nothing is written and the change is tried again later (the next sweep, or the next
 * look at the key). {@code keywatch.kms.audit.ServiceEvents} is the implementation; {@link #NONE}
 * records nothing (unit tests and the benchmark's unsafe mode only).
 */
public interface ServiceEventAudit {
  /** {@code key} (as stored now) is about to be deleted because its deletion date has passed. */
  void keyDeleted(KmsKey key);

  /** {@code rotated} (as it will be stored) has just gained one backing key by automatic rotation. */
  void keyRotated(KmsKey rotated);

  ServiceEventAudit NONE = new ServiceEventAudit() {
    @Override
    public void keyDeleted(KmsKey key) {}

    @Override
    public void keyRotated(KmsKey rotated) {}
  };
}
