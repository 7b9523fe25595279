package keywatch.kms.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import keywatch.kms.crypto.KeyMaterial;
import keywatch.kms.crypto.RootKey;
import keywatch.kms.grant.Grant;
import keywatch.kms.grant.GrantConstraints;
import keywatch.kms.grant.GrantOperation;
import keywatch.kms.key.AccountRegion;
import keywatch.kms.key.Alias;
import keywatch.kms.key.BackingKey;
import keywatch.kms.key.KeySpec;
import keywatch.kms.key.KeyState;
import keywatch.kms.key.KeyUsage;
import keywatch.kms.key.KmsKey;

/**
 * Keys, aliases and grants in a SQL database (H2 or PostgreSQL) through JDBC. Metadata is a JSON
 * document per key (and per grant); each backing key is a row whose secret part is wrapped under
 * the {@link RootKey}.
 */
public final class JdbcKeyRepository implements KeyRepository {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final RootKey rootKey;
  private final AccountRegion accountRegion;

  public JdbcKeyRepository(DataSource dataSource, RootKey rootKey, AccountRegion accountRegion) {
    this.dataSource = dataSource;
    this.rootKey = rootKey;
    this.accountRegion = accountRegion;
  }

  @Override
  public List<KmsKey> loadKeys() {
    try (Connection c = dataSource.getConnection()) {
      Map<String, List<BackingKey>> materials = new HashMap<>();
      Map<String, KeySpec> specs = new HashMap<>();
      List<ObjectNode> docs = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT key_id, document FROM kms_key WHERE account_id = ?")) {
        s.setString(1, accountRegion.accountId());
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            ObjectNode doc = (ObjectNode) JSON.readTree(r.getString(2));
            doc.put("keyId", r.getString(1));
            docs.add(doc);
            specs.put(r.getString(1), KeySpec.valueOf(doc.get("keySpec").asText()));
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "SELECT key_id, version, created_at, rotation_type, wrapped_secret, public_key FROM kms_key_material ORDER BY key_id, version");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String keyId = r.getString(1);
          KeySpec spec = specs.get(keyId);
          if (spec == null) {
            continue; // another account's key
          }
          int version = r.getInt(2);
          byte[] secret = rootKey.unwrap(Base64.getDecoder().decode(r.getString(5)), keyId, version);
          String pub = r.getString(6);
          materials.computeIfAbsent(keyId, k -> new ArrayList<>()).add(KeyMaterial.restore(
              spec, version, Instant.ofEpochMilli(r.getLong(3)), r.getString(4), secret,
              pub == null ? null : Base64.getDecoder().decode(pub)));
        }
      }
      List<KmsKey> keys = new ArrayList<>();
      for (ObjectNode doc : docs) {
        keys.add(fromDocument(doc, materials.getOrDefault(doc.get("keyId").asText(), List.of())));
      }
      return keys;
    } catch (SQLException | IOException e) {
      throw new StoreException("could not load keys", e);
    }
  }

  @Override
  public List<Alias> loadAliases() {
    List<Alias> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT alias_name, target_key_id, created_at, updated_at FROM kms_alias");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(new Alias(r.getString(1), accountRegion.aliasArn(r.getString(1)), r.getString(2),
            Instant.ofEpochMilli(r.getLong(3)), Instant.ofEpochMilli(r.getLong(4))));
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("could not load aliases", e);
    }
  }

  @Override
  public void saveKey(KmsKey key) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        String doc = JSON.writeValueAsString(toDocument(key));
        int updated;
        try (PreparedStatement s = c.prepareStatement("UPDATE kms_key SET document = ? WHERE key_id = ?")) {
          s.setString(1, doc);
          s.setString(2, key.keyId());
          updated = s.executeUpdate();
        }
        if (updated == 0) {
          try (PreparedStatement s = c.prepareStatement(
              "INSERT INTO kms_key (key_id, account_id, created_at, document) VALUES (?, ?, ?, ?)")) {
            s.setString(1, key.keyId());
            s.setString(2, key.accountId());
            s.setLong(3, key.creationDate().toEpochMilli());
            s.setString(4, doc);
            s.executeUpdate();
          }
        }
        int stored = -1;
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(version) FROM kms_key_material WHERE key_id = ?")) {
          s.setString(1, key.keyId());
          try (ResultSet r = s.executeQuery()) {
            if (r.next() && r.getObject(1) != null) {
              stored = r.getInt(1);
            }
          }
        }
        for (BackingKey b : key.backingKeys()) {
          if (b.version() <= stored) {
            continue;
          }
          try (PreparedStatement s = c.prepareStatement(
              "INSERT INTO kms_key_material (key_id, version, created_at, rotation_type, wrapped_secret, public_key) VALUES (?, ?, ?, ?, ?, ?)")) {
            byte[] pub = KeyMaterial.publicEncoding(b);
            s.setString(1, key.keyId());
            s.setInt(2, b.version());
            s.setLong(3, b.createdAt().toEpochMilli());
            s.setString(4, b.rotationType());
            s.setString(5, Base64.getEncoder().encodeToString(
                rootKey.wrap(KeyMaterial.secretEncodingForWrapping(b), key.keyId(), b.version())));
            s.setString(6, pub == null ? null : Base64.getEncoder().encodeToString(pub));
            s.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException | IOException e) {
      throw new StoreException("could not save key " + key.keyId(), e);
    }
  }

  @Override
  public void deleteKey(String keyId) {
    update("DELETE FROM kms_grant WHERE key_id = ?", keyId);
    update("DELETE FROM kms_key_material WHERE key_id = ?", keyId);
    update("DELETE FROM kms_key WHERE key_id = ?", keyId);
  }

  @Override
  public void saveAlias(Alias alias) {
    try (Connection c = dataSource.getConnection()) {
      int n;
      try (PreparedStatement s = c.prepareStatement("UPDATE kms_alias SET target_key_id = ?, updated_at = ? WHERE alias_name = ?")) {
        s.setString(1, alias.targetKeyId());
        s.setLong(2, alias.lastUpdatedDate().toEpochMilli());
        s.setString(3, alias.aliasName());
        n = s.executeUpdate();
      }
      if (n == 0) {
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO kms_alias (alias_name, target_key_id, created_at, updated_at) VALUES (?, ?, ?, ?)")) {
          s.setString(1, alias.aliasName());
          s.setString(2, alias.targetKeyId());
          s.setLong(3, alias.creationDate().toEpochMilli());
          s.setLong(4, alias.lastUpdatedDate().toEpochMilli());
          s.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw new StoreException("could not save alias " + alias.aliasName(), e);
    }
  }

  @Override
  public void deleteAlias(String aliasName) {
    update("DELETE FROM kms_alias WHERE alias_name = ?", aliasName);
  }

  @Override
  public List<Grant> loadGrants() {
    List<Grant> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT g.grant_id, g.key_id, g.created_at, g.grantee_principal,"
            + " g.retiring_principal, g.document FROM kms_grant g JOIN kms_key k ON k.key_id = g.key_id"
            + " WHERE k.account_id = ?")) {
      s.setString(1, accountRegion.accountId());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          JsonNode d = JSON.readTree(r.getString(6));
          List<GrantOperation> ops = new ArrayList<>();
          d.get("operations").forEach(o -> ops.add(GrantOperation.fromAwsName(o.asText())));
          out.add(new Grant(r.getString(1), r.getString(2), d.hasNonNull("name") ? d.get("name").asText() : null,
              Instant.ofEpochMilli(r.getLong(3)), r.getString(4), r.getString(5), d.get("issuingAccount").asText(),
              ops, new GrantConstraints(stringMap(d.get("encryptionContextEquals")),
                  stringMap(d.get("encryptionContextSubset")))));
        }
      }
      return out;
    } catch (SQLException | IOException e) {
      throw new StoreException("could not load grants", e);
    }
  }

  @Override
  public void saveGrant(Grant g) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO kms_grant (grant_id, key_id, created_at, grantee_principal,"
            + " retiring_principal, document) VALUES (?, ?, ?, ?, ?, ?)")) {
      ObjectNode d = JSON.createObjectNode();
      if (g.name() != null) {
        d.put("name", g.name());
      }
      d.put("issuingAccount", g.issuingAccount());
      ArrayNode ops = d.putArray("operations");
      g.operations().forEach(o -> ops.add(o.awsName()));
      ObjectNode eq = d.putObject("encryptionContextEquals");
      g.constraints().equalsContext().forEach(eq::put);
      ObjectNode sub = d.putObject("encryptionContextSubset");
      g.constraints().subsetContext().forEach(sub::put);
      s.setString(1, g.grantId());
      s.setString(2, g.keyId());
      s.setLong(3, g.creationDate().toEpochMilli());
      s.setString(4, g.granteePrincipal());
      s.setString(5, g.retiringPrincipal());
      s.setString(6, JSON.writeValueAsString(d));
      s.executeUpdate();
    } catch (SQLException | IOException e) {
      throw new StoreException("could not save grant " + g.grantId(), e);
    }
  }

  @Override
  public void deleteGrant(String grantId) {
    update("DELETE FROM kms_grant WHERE grant_id = ?", grantId);
  }

  private static Map<String, String> stringMap(JsonNode n) {
    Map<String, String> m = new LinkedHashMap<>();
    if (n != null) {
      n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    }
    return m;
  }

  private void update(String sql, String arg) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("database update failed", e);
    }
  }

  private static ObjectNode toDocument(KmsKey k) {
    ObjectNode d = JSON.createObjectNode();
    d.put("arn", k.arn());
    d.put("accountId", k.accountId());
    d.put("creationDate", k.creationDate().toEpochMilli());
    d.put("description", k.description());
    d.put("keySpec", k.keySpec().name());
    d.put("keyUsage", k.keyUsage().name());
    d.put("state", k.state().awsName());
    if (k.deletionDate() != null) {
      d.put("deletionDate", k.deletionDate().toEpochMilli());
      d.put("pendingWindowInDays", k.pendingWindowInDays());
    }
    d.put("policy", k.policy());
    ObjectNode tags = d.putObject("tags");
    k.tags().forEach(tags::put);
    d.put("rotationEnabled", k.rotationEnabled());
    d.put("rotationPeriodInDays", k.rotationPeriodInDays());
    if (k.nextRotationDate() != null) {
      d.put("nextRotationDate", k.nextRotationDate().toEpochMilli());
    }
    return d;
  }

  private static KmsKey fromDocument(JsonNode d, List<BackingKey> backingKeys) {
    Map<String, String> tags = new LinkedHashMap<>();
    d.get("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    return new KmsKey(
        d.get("keyId").asText(),
        d.get("arn").asText(),
        d.get("accountId").asText(),
        Instant.ofEpochMilli(d.get("creationDate").asLong()),
        d.get("description").asText(""),
        KeySpec.valueOf(d.get("keySpec").asText()),
        KeyUsage.valueOf(d.get("keyUsage").asText()),
        KeyState.fromAwsName(d.get("state").asText()),
        d.has("deletionDate") ? Instant.ofEpochMilli(d.get("deletionDate").asLong()) : null,
        d.has("pendingWindowInDays") ? d.get("pendingWindowInDays").asInt() : null,
        d.get("policy").asText(),
        tags,
        d.get("rotationEnabled").asBoolean(),
        d.get("rotationPeriodInDays").asInt(),
        d.has("nextRotationDate") ? Instant.ofEpochMilli(d.get("nextRotationDate").asLong()) : null,
        backingKeys);
  }

  /** The key store's database failed; the call that needed it fails with KMSInternalException. */
  public static final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
