package keywatch.kms.operation;

import java.security.SecureRandom;
import java.time.Clock;
import keywatch.kms.crypto.AesGcm;
import keywatch.kms.crypto.KeyMaterial;
import keywatch.kms.crypto.Signatures;
import keywatch.kms.key.AccountRegion;
import keywatch.kms.protocol.ServiceEventAudit;
import keywatch.kms.store.KeyStore;

/** What the operations share: the key store, the key resolver, crypto primitives and the clock. */
public record OperationContext(
    AccountRegion accountRegion,
    KeyStore store,
    KeyResolver keys,
    Clock clock,
    KeyMaterial material,
    AesGcm aes,
    Signatures signatures) {

  /** Time-driven changes are not recorded: for tests of other things only. */
  public static OperationContext create(AccountRegion accountRegion, KeyStore store, Clock clock, SecureRandom random) {
    return create(accountRegion, store, clock, random, ServiceEventAudit.NONE);
  }

  /** {@code serviceEvents} records the deletions and rotations keywatch makes when they fall due. */
  public static OperationContext create(AccountRegion accountRegion, KeyStore store, Clock clock, SecureRandom random,
      ServiceEventAudit serviceEvents) {
    KeyMaterial material = new KeyMaterial(random);
    return new OperationContext(accountRegion, store,
        new KeyResolver(store, accountRegion, clock, material, serviceEvents),
        clock, material, new AesGcm(random), new Signatures(random));
  }
}
