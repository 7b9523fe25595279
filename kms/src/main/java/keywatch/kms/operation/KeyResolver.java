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
import keywatch.kms.store.KeyStore;

/**
 * Turns a key identifier from a request into a key, and holds every key-state rule in one place.
 *
 * <p>Identifiers: a key id, a key ARN, an alias name ({@code alias/...}) or an alias ARN, where
 * the operation accepts aliases. Time-driven changes happen here, lazily, with the injected clock:
 * a key whose deletion window has ended is deleted when next looked at (and by {@link #sweep}),
 * and a key with automatic rotation due gets its new backing key.
 */
public final class KeyResolver {
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final KeyStore store;
  private final AccountRegion accountRegion;
  private final Clock clock;
  private final KeyMaterial material;

  KeyResolver(KeyStore store, AccountRegion accountRegion, Clock clock, KeyMaterial material) {
    this.store = store;
    this.accountRegion = accountRegion;
    this.clock = clock;
    this.material = material;
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

  /** Applies due deletions and rotations to every key. */
  public void sweep() {
    for (KmsKey k : store.keys()) {
      live(k);
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
    if (key.state() == KeyState.PENDING_DELETION && !key.deletionDate().isAfter(now)) {
      String expired = key.keyId();
      store.unguarded(() -> {
        store.delete(expired);
        return null;
      });
      return Optional.empty();
    }
    if (key.rotationEnabled() && key.state() == KeyState.ENABLED
        && key.nextRotationDate() != null && !key.nextRotationDate().isAfter(now)) {
      String keyId = key.keyId();
      key = store.unguarded(() -> store.modify(keyId, k -> {
        if (!k.rotationEnabled() || k.nextRotationDate() == null || k.nextRotationDate().isAfter(now)) {
          return k; // another thread rotated it first
        }
        // One rotation per period that ended, each dated when it was due, as AWS would have done.
        KmsKey rotated = k;
        Instant due = k.nextRotationDate();
        while (!due.isAfter(now)) {
          rotated = rotated.withBackingKey(material.generate(k.keySpec(), rotated.backingKeys().size(), due, "AUTOMATIC"));
          due = due.plus(Duration.ofDays(k.rotationPeriodInDays()));
        }
        return rotated.withRotation(true, k.rotationPeriodInDays(), due);
      }));
    }
    return Optional.of(key);
  }
}
