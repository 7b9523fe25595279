package keywatch.kms.store;

import java.util.List;
import keywatch.kms.grant.Grant;
import keywatch.kms.key.Alias;
import keywatch.kms.key.KmsKey;

/** Where keys, aliases and grants persist. Implementations wrap key material before it leaves memory. */
public interface KeyRepository {
  List<KmsKey> loadKeys();

  List<Alias> loadAliases();

  /** Inserts or updates the key's metadata and inserts any backing key not yet stored. */
  void saveKey(KmsKey key);

  /** Deletes the key, its material and its grants. */
  void deleteKey(String keyId);

  void saveAlias(Alias alias);

  void deleteAlias(String aliasName);

  List<Grant> loadGrants();

  void saveGrant(Grant grant);

  void deleteGrant(String grantId);
}
