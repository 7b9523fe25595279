package keywatch.kms.operation;

import keywatch.kms.error.KmsException.UnsupportedOperationException;
import keywatch.kms.key.KeySpec;
import keywatch.kms.key.KmsKey;

/** The rotation rules the rotation operations share: only symmetric encryption keys rotate. */
final class Rotations {
  static final int MIN_PERIOD_DAYS = 90;
  static final int MAX_PERIOD_DAYS = 2560;
  static final int MAX_ON_DEMAND_ROTATIONS = 10;

  private Rotations() {}

  static void requireRotatable(KmsKey key) {
    if (key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
      throw new UnsupportedOperationException(key.arn() + " key spec " + key.keySpec()
          + " does not support key rotation; only symmetric encryption keys rotate.");
    }
  }
}
