package keywatch.kms.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import keywatch.kms.key.Alias;
import keywatch.kms.key.KmsKey;

/**
 * The keys and aliases of one endpoint, held in memory for the crypto hot path and written through
 * to a {@link KeyRepository} before any change becomes visible. Reads take no lock; changes are
 * serialised, so a read-modify-write ({@link #modify}) never loses a concurrent change.
 *
 * <p>A {@link CommitGuard} bound to the calling thread with {@link #guarded} sees every change that
 * thread makes, inside the lock, after the change is computed and before it is written; if the
 * guard throws, nothing is written. That is how a call's audit record and its change become one
 * unit (see {@code keywatch.kms.audit.TrailAuditor}). Time-driven maintenance that happens to run
 * on a caller's thread (lazy deletion and rotation) runs {@link #unguarded}: it is not the call's
 * change.
 */
public final class KeyStore {
  /** Sees a change before it is written, inside the store's lock; throws to refuse it. */
  public interface CommitGuard {
    /** @param changed the key as it will be stored, or null for an alias change */
    void beforeCommit(KmsKey changed);
  }

  private final ThreadLocal<CommitGuard> guard = new ThreadLocal<>();
  private final KeyRepository repository;
  private final Map<String, KmsKey> keys = new ConcurrentHashMap<>();
  private final Map<String, Alias> aliases = new ConcurrentHashMap<>();

  public KeyStore(KeyRepository repository) {
    this.repository = repository;
    repository.loadKeys().forEach(k -> keys.put(k.keyId(), k));
    repository.loadAliases().forEach(a -> aliases.put(a.aliasName(), a));
  }

  public Optional<KmsKey> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  /** All keys, oldest first (the order ListKeys pages through). */
  public List<KmsKey> keys() {
    List<KmsKey> all = new ArrayList<>(keys.values());
    all.sort(Comparator.comparing(KmsKey::creationDate).thenComparing(KmsKey::keyId));
    return all;
  }

  /** Runs {@code work} with {@code g} seeing every change this thread makes meanwhile. */
  public <T> T guarded(CommitGuard g, Supplier<T> work) {
    CommitGuard previous = guard.get();
    guard.set(g);
    try {
      return work.get();
    } finally {
      restore(previous);
    }
  }

  /** Runs {@code work} with no guard: for maintenance that is not the current call's change. */
  public <T> T unguarded(Supplier<T> work) {
    CommitGuard previous = guard.get();
    guard.remove();
    try {
      return work.get();
    } finally {
      restore(previous);
    }
  }

  private void restore(CommitGuard previous) {
    if (previous == null) {
      guard.remove();
    } else {
      guard.set(previous);
    }
  }

  private void beforeCommit(KmsKey changed) {
    CommitGuard g = guard.get();
    if (g != null) {
      g.beforeCommit(changed);
    }
  }

  public synchronized void create(KmsKey key) {
    beforeCommit(key);
    repository.saveKey(key);
    keys.put(key.keyId(), key);
  }

  /**
   * Applies {@code change} to the current value of the key and stores the result. The change may
   * throw a KMS error to refuse; then nothing is stored.
   */
  public synchronized KmsKey modify(String keyId, UnaryOperator<KmsKey> change) {
    KmsKey current = keys.get(keyId);
    if (current == null) {
      throw new IllegalStateException("no key " + keyId);
    }
    KmsKey next = change.apply(current);
    if (next != current) {
      beforeCommit(next);
      repository.saveKey(next);
      keys.put(keyId, next);
    }
    return next;
  }

  /** Removes a key for good, and every alias that points at it. */
  public synchronized void delete(String keyId) {
    beforeCommit(keys.get(keyId));
    for (Alias a : List.copyOf(aliases.values())) {
      if (a.targetKeyId().equals(keyId)) {
        repository.deleteAlias(a.aliasName());
        aliases.remove(a.aliasName());
      }
    }
    repository.deleteKey(keyId);
    keys.remove(keyId);
  }

  public Optional<Alias> alias(String aliasName) {
    return Optional.ofNullable(aliases.get(aliasName));
  }

  /** All aliases, sorted by name. */
  public List<Alias> aliases() {
    List<Alias> all = new ArrayList<>(aliases.values());
    all.sort(Comparator.comparing(Alias::aliasName));
    return all;
  }

  /** Stores the alias; returns false (storing nothing) if {@code mustBeNew} and the name is taken. */
  public synchronized boolean putAlias(Alias alias, boolean mustBeNew) {
    if (mustBeNew && aliases.containsKey(alias.aliasName())) {
      return false;
    }
    beforeCommit(null);
    repository.saveAlias(alias);
    aliases.put(alias.aliasName(), alias);
    return true;
  }

  public synchronized void deleteAlias(String aliasName) {
    beforeCommit(null);
    repository.deleteAlias(aliasName);
    aliases.remove(aliasName);
  }
}
