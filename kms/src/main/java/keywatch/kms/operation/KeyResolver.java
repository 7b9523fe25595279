package keywatch.kms.operation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import keywatch.kms.crypto.KeyMaterial;
import keywatch.kms.error.KmsException.DisabledException;
import keywatch.kms.error.KmsException.InvalidKeyUsageException;
import keywatch.kms.error.KmsException.KMSInvalidStateException;
import keywatch.kms.error.KmsException.NotFoundException;
import keywatch.kms.key.AccountRegion;
import keywatch.kms.key.Alias;
import keywatch.kms.key.KeyState;
import keywatch.kms.key.KeyUsage;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.ServiceEventAudit;
import keywatch.kms.store.KeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a key identifier from a request into a key, and holds every key-state rule in one place.
 *
 * <p>Identifiers: a key id, a key ARN, an alias name ({@code alias/...}) or an alias ARN, where
 * the operation accepts aliases. Time-driven changes happen here, lazily, with the injected clock:
 * a key whose deletion window has ended is deleted when next looked at (and by {@link #sweep}),
 * and a key with automatic rotation due gets its new backing key.
 *
 * <p>Each such change is recorded as a service event ({@link ServiceEventAudit}) through the
 * store's commit guard, before it is written: if the record cannot be appended, the change is not
 * made now. A caller whose look at the key triggered it is then refused (the exception reaches the
 * protocol); {@link #sweep} logs it and tries again on its next run. Rotations are applied one
 * period at a time, each with its own record, so a refused record never leaves a rotation half
 * written or recorded twice.
 */
public final class KeyResolver {
  private static final Logger log = LoggerFactory.getLogger(KeyResolver.class);
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final KeyStore store;
  private final AccountRegion accountRegion;
  private final Clock clock;
  private final KeyMaterial material;
  private final ServiceEventAudit serviceEvents;

  KeyResolver(KeyStore store, AccountRegion accountRegion, Clock clock, KeyMaterial material,
      ServiceEventAudit serviceEvents) {
    this.store = store;
    this.accountRegion = accountRegion;
    this.clock = clock;
    this.material = material;
    this.serviceEvents = serviceEvents;
  }

  /** The store the keys are resolved from (authorization reads the grants on a key there). */
  public KeyStore store() {
    return store;
  }

  /** A key named by key id, key ARN, alias name or alias ARN, in any state. */
  public KmsKey resolve(String identifier) {
    return resolve(identifier, true);
  }

  /** A key named by key id or key ARN only (key-management operations do not take aliases). */
  public KmsKey resolveKeyOnly(String identifier) {
    return resolve(identifier, false);
  }

  /** A key that may be used for cryptographic operations of {@code usage} right now. */
  public KmsKey resolveUsable(String identifier, KeyUsage usage, String operation) {
    KmsKey key = resolve(identifier, true);
    requireUsable(key);
    requireUsage(key, usage, operation);
    return key;
  }

  /** The key-state rules for cryptographic use: AWS's DisabledException and KMSInvalidStateException. */
  public void requireUsable(KmsKey key) {
    switch (key.state()) {
      case ENABLED -> { }
      case DISABLED -> throw new DisabledException(key.arn() + " is disabled.");
      case PENDING_DELETION -> throw new KMSInvalidStateException(key.arn() + " is pending deletion.");
    }
  }

  /** Refuses a key in PendingDeletion for operations that AWS allows only on live keys. */
  public void requireNotPendingDeletion(KmsKey key) {
    if (key.state() == KeyState.PENDING_DELETION) {
      throw new KMSInvalidStateException(key.arn() + " is pending deletion.");
    }
  }

  public static void requireUsage(KmsKey key, KeyUsage usage, String operation) {
    if (key.keyUsage() != usage) {
      throw new InvalidKeyUsageException(
          key.arn() + " key usage is " + key.keyUsage() + " which is not valid for " + operation + ".");
    }
  }

  /** The key a ciphertext names, by key id; NotFoundException if it no longer exists. */
  public KmsKey resolveById(String keyId) {
    return live(store.key(keyId).orElse(null))
        .orElseThrow(() -> new NotFoundException("Key '" + accountRegion.keyArn(keyId) + "' does not exist"));
  }

  /**
   * Applies due deletions and rotations to every key. A change whose record the trail refuses is
   * left for the next sweep (logged, not thrown: the sweeper runs on a schedule that must go on).
   */
  public void sweep() {
    for (KmsKey k : store.keys()) {
      try {
        live(k);
      } catch (RuntimeException e) {
        log.warn("time-driven change of key {} not applied, will retry: {}", k.keyId(), e.toString());
      }
    }
  }

  private KmsKey resolve(String identifier, boolean aliasAllowed) {
    String id = identifier;
    if (id.startsWith("arn:")) {
      String prefix = accountRegion.arnPrefix();
      if (!id.startsWith(prefix)) {
        throw notFound(identifier);
      }
      id = id.substring(prefix.length());
      if (id.startsWith("key/")) {
        id = id.substring(4);
      } else if (!id.startsWith("alias/")) {
        throw new NotFoundException("Invalid arn " + identifier);
      }
    }
    if (id.startsWith("alias/")) {
      if (!aliasAllowed) {
        throw new NotFoundException("Invalid keyId " + identifier);
      }
      Optional<Alias> alias = store.alias(id);
      if (alias.isEmpty()) {
        throw new NotFoundException("Alias " + accountRegion.aliasArn(id) + " is not found.");
      }
      id = alias.get().targetKeyId();
    } else if (!KEY_ID.matcher(id).matches()) {
      throw new NotFoundException("Invalid keyId " + identifier);
    }
    String keyId = id;
    return live(store.key(keyId).orElse(null))
        .orElseThrow(() -> new NotFoundException("Key '" + accountRegion.keyArn(keyId) + "' does not exist"));
  }

  private NotFoundException notFound(String identifier) {
    return identifier.contains(":alias/")
        ? new NotFoundException("Alias " + identifier + " is not found.")
        : new NotFoundException("Key '" + identifier + "' does not exist");
  }

  /** The key after due time-driven changes, or empty if its deletion window has ended. */
  private Optional<KmsKey> live(KmsKey key) {
    if (key == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (deletionDue(key, now)) {
      String expired = key.keyId();
      store.guarded(serviceEvents::keyDeleted, () -> store.deleteIf(expired, k -> deletionDue(k, now)));
      return Optional.empty();
    }
    if (rotationDue(key, now)) {
      String keyId = key.keyId();
      // One rotation per period that ended, each dated when it was due, as AWS would have done;
      // each is its own unit of record and write.
      while (rotationDue(key, now)) {
        key = store.guarded(serviceEvents::keyRotated, () -> store.modify(keyId, k -> {
          if (!rotationDue(k, now)) {
            return k; // another thread rotated it first
          }
          Instant due = k.nextRotationDate();
          KmsKey rotated = k.withBackingKey(material.generate(k.keySpec(), k.backingKeys().size(), due, "AUTOMATIC"));
          return rotated.withRotation(true, k.rotationPeriodInDays(), due.plus(Duration.ofDays(k.rotationPeriodInDays())));
        }));
      }
    }
    return Optional.of(key);
  }

  private static boolean deletionDue(KmsKey key, Instant now) {
    return key.state() == KeyState.PENDING_DELETION && !key.deletionDate().isAfter(now);
  }

  private static boolean rotationDue(KmsKey key, Instant now) {
    return key.rotationEnabled() && key.state() == KeyState.ENABLED
        && key.nextRotationDate() != null && !key.nextRotationDate().isAfter(now);
  }
}
