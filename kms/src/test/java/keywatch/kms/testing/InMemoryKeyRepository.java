package keywatch.kms.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keywatch.kms.grant.Grant;
import keywatch.kms.key.Alias;
import keywatch.kms.key.KmsKey;
import keywatch.kms.store.KeyRepository;

/** A repository that keeps nothing beyond the process: for protocol-level tests that need no database. */
public final class InMemoryKeyRepository implements KeyRepository {
  private final Map<String, KmsKey> keys = new LinkedHashMap<>();
  private final Map<String, Alias> aliases = new LinkedHashMap<>();
  private final Map<String, Grant> grants = new LinkedHashMap<>();

  @Override
  public synchronized List<KmsKey> loadKeys() {
    return new ArrayList<>(keys.values());
  }

  @Override
  public synchronized List<Alias> loadAliases() {
    return new ArrayList<>(aliases.values());
  }

  @Override
  public synchronized void saveKey(KmsKey key) {
    keys.put(key.keyId(), key);
  }

  @Override
  public synchronized void deleteKey(String keyId) {
    keys.remove(keyId);
    grants.values().removeIf(g -> g.keyId().equals(keyId));
  }

  @Override
  public synchronized void saveAlias(Alias alias) {
    aliases.put(alias.aliasName(), alias);
  }

  @Override
  public synchronized void deleteAlias(String aliasName) {
    aliases.remove(aliasName);
  }

  @Override
  public synchronized List<Grant> loadGrants() {
    return new ArrayList<>(grants.values());
  }

  @Override
  public synchronized void saveGrant(Grant grant) {
    grants.put(grant.grantId(), grant);
  }

  @Override
  public synchronized void deleteGrant(String grantId) {
    grants.remove(grantId);
  }
}
