package keywatch.iam.principal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Users, roles, access keys and role sessions: held in memory for the per-request lookup, written
 * through to the database first. Secrets and session tokens are wrapped with {@link SecretWrapping}
 * before they are stored.
 */
public final class IdentityStore {
  private final DataSource dataSource;
  private final SecretWrapping wrapping;
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Role> roles = new ConcurrentHashMap<>();
  private final Map<String, AccessKey> accessKeys = new ConcurrentHashMap<>();
  private final Map<String, RoleSession> sessions = new ConcurrentHashMap<>();

  public IdentityStore(DataSource dataSource, SecretWrapping wrapping) {
    this.dataSource = dataSource;
    this.wrapping = wrapping;
    Flyway.configure().dataSource(dataSource).locations("classpath:db/iam").table("flyway_iam_history")
        .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    load();
  }

  private static String key(String accountId, String name) {
    return accountId + "/" + name;
  }

  public Optional<User> user(String accountId, String userName) {
    return Optional.ofNullable(users.get(key(accountId, userName)));
  }

  public Optional<Role> role(String accountId, String roleName) {
    return Optional.ofNullable(roles.get(key(accountId, roleName)));
  }

  public List<User> users() {
    return users.values().stream().sorted(Comparator.comparing(User::userName)).toList();
  }

  public List<Role> roles() {
    return roles.values().stream().sorted(Comparator.comparing(Role::roleName)).toList();
  }

  public Optional<AccessKey> accessKey(String accessKeyId) {
    return Optional.ofNullable(accessKeys.get(accessKeyId));
  }

  public List<AccessKey> accessKeys() {
    return accessKeys.values().stream().sorted(Comparator.comparing(AccessKey::createDate)).toList();
  }

  public Optional<RoleSession> session(String accessKeyId) {
    return Optional.ofNullable(sessions.get(accessKeyId));
  }

  public synchronized void putUser(User user) {
    sql("MERGE INTO iam_user (account_id, user_name, user_id, created_at) KEY (account_id, user_name) VALUES (?, ?, ?, ?)",
        "INSERT INTO iam_user (account_id, user_name, user_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (account_id, user_name) DO NOTHING",
        user.accountId(), user.userName(), user.userId(), user.createDate().toEpochMilli());
    replacePolicies(user.accountId(), "user", user.userName(), user.policies());
    users.put(key(user.accountId(), user.userName()), user);
  }

  public synchronized void putRole(Role role) {
    sql("MERGE INTO iam_role (account_id, role_name, role_id, created_at, trust_policy, max_session_seconds) KEY (account_id, role_name) VALUES (?, ?, ?, ?, ?, ?)",
        "INSERT INTO iam_role (account_id, role_name, role_id, created_at, trust_policy, max_session_seconds) VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (account_id, role_name) DO UPDATE SET trust_policy = EXCLUDED.trust_policy, max_session_seconds = EXCLUDED.max_session_seconds",
        role.accountId(), role.roleName(), role.roleId(), role.createDate().toEpochMilli(), role.trustPolicy(),
        role.maxSessionDurationSeconds());
    replacePolicies(role.accountId(), "role", role.roleName(), role.policies());
    roles.put(key(role.accountId(), role.roleName()), role);
  }

  public synchronized void putAccessKey(AccessKey k) {
    String wrapped = Base64.getEncoder().encodeToString(
        wrapping.wrap(k.secretAccessKey().getBytes(StandardCharsets.UTF_8), "access-key/" + k.accessKeyId()));
    sql("MERGE INTO iam_access_key (access_key_id, account_id, user_name, active, created_at, wrapped_secret) KEY (access_key_id) VALUES (?, ?, ?, ?, ?, ?)",
        "INSERT INTO iam_access_key (access_key_id, account_id, user_name, active, created_at, wrapped_secret) VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (access_key_id) DO UPDATE SET active = EXCLUDED.active",
        k.accessKeyId(), k.accountId(), k.userName(), k.active(), k.createDate().toEpochMilli(), wrapped);
    accessKeys.put(k.accessKeyId(), k);
  }

  public synchronized void deleteAccessKey(String accessKeyId) {
    sql("DELETE FROM iam_access_key WHERE access_key_id = ?", null, accessKeyId);
    accessKeys.remove(accessKeyId);
  }

  /** Forgets a user and its inline policies (its access keys are the caller's to delete first). */
  public synchronized void deleteUser(String accountId, String userName) {
    sql("DELETE FROM iam_policy WHERE account_id = ? AND principal_kind = 'user' AND principal_name = ?", null, accountId, userName);
    sql("DELETE FROM iam_user WHERE account_id = ? AND user_name = ?", null, accountId, userName);
    users.remove(key(accountId, userName));
  }

  /** Forgets a role and its inline policies; its live sessions keep no permissions, as none are left. */
  public synchronized void deleteRole(String accountId, String roleName) {
    sql("DELETE FROM iam_policy WHERE account_id = ? AND principal_kind = 'role' AND principal_name = ?", null, accountId, roleName);
    sql("DELETE FROM iam_role WHERE account_id = ? AND role_name = ?", null, accountId, roleName);
    roles.remove(key(accountId, roleName));
  }

  public synchronized void putSession(RoleSession s) {
    String wrapped = Base64.getEncoder().encodeToString(
        wrapping.wrap(s.secretAccessKey().getBytes(StandardCharsets.UTF_8), "session/" + s.accessKeyId()));
    String wrappedToken = Base64.getEncoder().encodeToString(
        wrapping.wrap(s.sessionToken().getBytes(StandardCharsets.UTF_8), "session-token/" + s.accessKeyId()));
    sql("INSERT INTO iam_session (access_key_id, account_id, role_name, role_id, session_name, created_at, expires_at, wrapped_secret, wrapped_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        null, s.accessKeyId(), s.accountId(), s.roleName(), s.roleId(), s.sessionName(), s.created().toEpochMilli(),
        s.expiration().toEpochMilli(), wrapped, wrappedToken);
    sessions.put(s.accessKeyId(), s);
  }

  /** Forgets sessions that expired before {@code now}. */
  public synchronized void purgeSessions(Instant now) {
    sql("DELETE FROM iam_session WHERE expires_at < ?", null, now.toEpochMilli());
    sessions.values().removeIf(s -> s.expiration().isBefore(now));
  }

  private void replacePolicies(String accountId, String kind, String name, Map<String, String> policies) {
    sql("DELETE FROM iam_policy WHERE account_id = ? AND principal_kind = ? AND principal_name = ?", null, accountId, kind, name);
    for (Map.Entry<String, String> p : policies.entrySet()) {
      sql("INSERT INTO iam_policy (account_id, principal_kind, principal_name, policy_name, document) VALUES (?, ?, ?, ?, ?)",
          null, accountId, kind, name, p.getKey(), p.getValue());
    }
  }

  /** Runs {@code sql}; where H2 and PostgreSQL differ, {@code postgresSql} is PostgreSQL's form. */
  private void sql(String sql, String postgresSql, Object... args) {
    try (Connection c = dataSource.getConnection()) {
      boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
      try (PreparedStatement s = c.prepareStatement(postgres && postgresSql != null ? postgresSql : sql)) {
        for (int i = 0; i < args.length; i++) {
          s.setObject(i + 1, args[i]);
        }
        s.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("identity store update failed: " + e.getMessage(), e);
    }
  }

  private void load() {
    try (Connection c = dataSource.getConnection()) {
      Map<String, Map<String, String>> policies = new HashMap<>();
      try (PreparedStatement s = c.prepareStatement("SELECT account_id, principal_kind, principal_name, policy_name, document FROM iam_policy");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          policies.computeIfAbsent(r.getString(2) + ":" + key(r.getString(1), r.getString(3)), k -> new HashMap<>())
              .put(r.getString(4), r.getString(5));
        }
      }
      try (PreparedStatement s = c.prepareStatement("SELECT account_id, user_name, user_id, created_at FROM iam_user");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String k = key(r.getString(1), r.getString(2));
          users.put(k, new User(r.getString(1), r.getString(2), r.getString(3), Instant.ofEpochMilli(r.getLong(4)),
              policies.getOrDefault("user:" + k, Map.of())));
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "SELECT account_id, role_name, role_id, created_at, trust_policy, max_session_seconds FROM iam_role");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String k = key(r.getString(1), r.getString(2));
          roles.put(k, new Role(r.getString(1), r.getString(2), r.getString(3), Instant.ofEpochMilli(r.getLong(4)),
              r.getString(5), r.getInt(6), policies.getOrDefault("role:" + k, Map.of())));
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "SELECT access_key_id, account_id, user_name, active, created_at, wrapped_secret FROM iam_access_key");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String id = r.getString(1);
          accessKeys.put(id, new AccessKey(id, r.getString(2), r.getString(3), r.getBoolean(4),
              Instant.ofEpochMilli(r.getLong(5)), unwrap(r.getString(6), "access-key/" + id)));
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "SELECT access_key_id, account_id, role_name, role_id, session_name, created_at, expires_at, wrapped_secret, wrapped_token FROM iam_session");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String id = r.getString(1);
          sessions.put(id, new RoleSession(id, r.getString(2), r.getString(3), r.getString(4), r.getString(5),
              Instant.ofEpochMilli(r.getLong(6)), Instant.ofEpochMilli(r.getLong(7)), unwrap(r.getString(8), "session/" + id),
              unwrap(r.getString(9), "session-token/" + id)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not load identities: " + e.getMessage(), e);
    }
  }

  private String unwrap(String wrapped, String purpose) {
    return new String(wrapping.unwrap(Base64.getDecoder().decode(wrapped), purpose), StandardCharsets.UTF_8);
  }

  /** All access keys of one user (or of the root when userName is null), oldest first. */
  public List<AccessKey> accessKeysOf(String accountId, String userName) {
    List<AccessKey> out = new ArrayList<>();
    for (AccessKey k : accessKeys()) {
      if (k.accountId().equals(accountId) && java.util.Objects.equals(k.userName(), userName)) {
        out.add(k);
      }
    }
    return out;
  }
}
