package keywatch.kms.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import keywatch.kms.error.KmsException.LimitExceededException;
import keywatch.kms.error.KmsException.NotFoundException;
import keywatch.kms.grant.Grant;
import keywatch.kms.key.Alias;
import keywatch.kms.key.KmsKey;

/**
 * The keys, aliases and grants of one endpoint, held in memory for the crypto hot path and written through
 * to a {@link KeyRepository} before any change becomes visible. Reads take no lock; changes are
 * serialised, so a read-modify-write ({@link #modify}) never loses a concurrent change.
 *
 * <p>A {@link CommitGuard} bound to the calling thread with {@link #guarded} sees every change that
 * thread makes, inside the lock, after the change is computed and before it is written; if the
 * guard throws, nothing is written. That is how a call's audit record and its change become one
 * unit (see {@code keywatch.kms.audit.TrailAuditor}). Time-driven maintenance (deletion when the
 * waiting period ends, automatic rotation), also when it happens to run on a caller's thread, binds
 * its own guard, which records it as a service event: it is not the call's change.
 */
public final class KeyStore {
  /** Sees a change before it is written, inside the store's lock; throws to refuse it. */
  public interface CommitGuard {
    /** @param changed the key as it will be stored, or null for an alias change */
    void beforeCommit(KmsKey changed);

    /** A new grant on {@code key}: its id belongs in the record (CreateGrant's responseElements). */
    default void beforeGrantCommit(KmsKey key, String grantId) {
      beforeCommit(key);
    }
  }

  private final ThreadLocal<CommitGuard> guard = new ThreadLocal<>();
  private final KeyRepository repository;
  private final Map<String, KmsKey> keys = new ConcurrentHashMap<>();
  private final Map<String, Alias> aliases = new ConcurrentHashMap<>();
  /** Grants by key id, then by grant id; and every grant by its id. */
  private final Map<String, Map<String, Grant>> grantsByKey = new ConcurrentHashMap<>();
  private final Map<String, Grant> grantsById = new ConcurrentHashMap<>();
  /**
   * Grants by key id and grantee principal: what authorization looks up, so a caller's check costs
   * the same whether its key has one grant or 50,000.
   */
  private final Map<String, Map<String, Grant>> grantsByGrantee = new ConcurrentHashMap<>();

  public KeyStore(KeyRepository repository) {
    this.repository = repository;
    repository.loadKeys().forEach(k -> keys.put(k.keyId(), k));
    repository.loadAliases().forEach(a -> aliases.put(a.aliasName(), a));
    repository.loadGrants().forEach(this::index);
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

  /**
   * Removes the key as {@link #delete} does if it still exists and {@code stillDue} holds for it,
   * checked inside the lock (a concurrent CancelKeyDeletion or deletion wins); true if it did.
   */
  public synchronized boolean deleteIf(String keyId, Predicate<KmsKey> stillDue) {
    KmsKey current = keys.get(keyId);
    if (current == null || !stillDue.test(current)) {
      return false;
    }
    delete(keyId);
    return true;
  }

  /** Removes a key for good, with every alias that points at it and every grant on it. */
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
    Map<String, Grant> gone = grantsByKey.remove(keyId);
    if (gone != null) {
      for (Grant g : gone.values()) {
        grantsById.remove(g.grantId());
        grantsByGrantee.remove(granteeKey(keyId, g.granteePrincipal()));
      }
    }
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

  /** The grants on a key, oldest first (the order ListGrants pages through). */
  public List<Grant> grants(String keyId) {
    return sorted(grantsByKey.getOrDefault(keyId, Map.of()).values());
  }

  /** The grants on a key whose grantee principal is exactly {@code grantee}, in no particular order. */
  public Collection<Grant> grantsFor(String keyId, String grantee) {
    return Collections.unmodifiableCollection(grantsByGrantee.getOrDefault(granteeKey(keyId, grantee), Map.of()).values());
  }

  public Optional<Grant> grant(String grantId) {
    return Optional.ofNullable(grantsById.get(grantId));
  }

  /** Every grant whose retiring principal is exactly {@code principal}, oldest first. */
  public List<Grant> grantsRetirableBy(String principal) {
    return sorted(grantsById.values().stream().filter(g -> principal.equals(g.retiringPrincipal())).toList());
  }

  /**
   * Stores a new grant on an existing key, unless an equal grant of the same name exists (then
   * that one is returned and nothing is stored: CreateGrant is idempotent by name).
   *
   * @throws LimitExceededException if the key already has {@code maxGrantsPerKey} grants
   */
  public synchronized Grant addGrant(Grant grant, int maxGrantsPerKey) {
    KmsKey key = keys.get(grant.keyId());
    if (key == null) { // deleted since the caller resolved it
      throw new NotFoundException("Key '" + grant.keyId() + "' does not exist");
    }
    Map<String, Grant> onKey = grantsByKey.getOrDefault(grant.keyId(), Map.of());
    if (grant.name() != null) {
      for (Grant g : onKey.values()) {
        if (g.sameRequest(grant.name(), grant.granteePrincipal(), grant.retiringPrincipal(), grant.operations(),
            grant.constraints())) {
          return g;
        }
      }
    }
    if (onKey.size() >= maxGrantsPerKey) {
      throw new LimitExceededException("The request was rejected because the key " + grant.keyId()
          + " already has the maximum number of grants (" + maxGrantsPerKey + ").");
    }
    CommitGuard g = guard.get();
    if (g != null) {
      g.beforeGrantCommit(key, grant.grantId());
    }
    repository.saveGrant(grant);
    index(grant);
    return grant;
  }

  /** Deletes a grant; false if there was none with that id. */
  public synchronized boolean deleteGrant(String grantId) {
    Grant g = grantsById.get(grantId);
    if (g == null) {
      return false;
    }
    beforeCommit(keys.get(g.keyId()));
    repository.deleteGrant(grantId);
    grantsById.remove(grantId);
    Map<String, Grant> onKey = grantsByKey.get(g.keyId());
    if (onKey != null) {
      onKey.remove(grantId);
    }
    Map<String, Grant> forGrantee = grantsByGrantee.get(granteeKey(g.keyId(), g.granteePrincipal()));
    if (forGrantee != null) {
      forGrantee.remove(grantId);
    }
    return true;
  }

  private void index(Grant g) {
    grantsByKey.computeIfAbsent(g.keyId(), k -> new ConcurrentHashMap<>()).put(g.grantId(), g);
    grantsById.put(g.grantId(), g);
    grantsByGrantee.computeIfAbsent(granteeKey(g.keyId(), g.granteePrincipal()), k -> new ConcurrentHashMap<>())
        .put(g.grantId(), g);
  }

  private static String granteeKey(String keyId, String grantee) {
    return keyId + "\n" + grantee; // a key id never holds a newline
  }

  private static List<Grant> sorted(Collection<Grant> grants) {
    List<Grant> all = new ArrayList<>(grants);
    all.sort(Comparator.comparing(Grant::creationDate).thenComparing(Grant::grantId));
    return all;
  }
}
