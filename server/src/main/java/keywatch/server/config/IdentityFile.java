package keywatch.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keywatch.iam.policy.MalformedPolicyException;
import keywatch.iam.policy.Policy;
import keywatch.iam.policy.PolicyKind;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.Role;
import keywatch.iam.principal.User;

/**
 * Users and roles declared in a file (YAML or JSON) whose fields are AWS's own, as
 * {@code aws iam get-account-authorization-details} prints them:
 *
 * <pre>
 * UserDetailList:
 *   - UserName: alice
 *     UserPolicyList:
 *       - PolicyName: use-keys
 *         PolicyDocument: { Version: "2012-10-17", Statement: [ ... ] }
 * RoleDetailList:
 *   - RoleName: pattern1-app-Pattern1ECSTaskRole
 *     MaxSessionDuration: 3600
 *     AssumeRolePolicyDocument: { ... }
 *     RolePolicyList:
 *       - PolicyName: kms
 *         PolicyDocument: { ... }
 * </pre>
 *
 * A policy document may be a mapping or a JSON string. Every document is parsed before anything
 * is applied, so a file with one bad policy changes nothing.
 */
public record IdentityFile(List<DeclaredUser> users, List<DeclaredRole> roles) {
  public record DeclaredUser(String userName, Map<String, String> policies) {}

  public record DeclaredRole(String roleName, int maxSessionDuration, String trustPolicy, Map<String, String> policies) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  public static IdentityFile load(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  /** As {@link #load}, from text; {@code source} names it in error messages. */
  public static IdentityFile parse(String text, String source) throws IOException {
    JsonNode root = YAML.readTree(text);
    if (root == null || !root.isObject()) {
      throw new IOException(source + ": expected a mapping with UserDetailList and/or RoleDetailList");
    }
    List<DeclaredUser> users = new ArrayList<>();
    for (JsonNode u : root.path("UserDetailList")) {
      users.add(new DeclaredUser(required(source, u, "UserName"), policies(source, u.path("UserPolicyList"), PolicyKind.IDENTITY)));
    }
    List<DeclaredRole> roles = new ArrayList<>();
    for (JsonNode r : root.path("RoleDetailList")) {
      String name = required(source, r, "RoleName");
      JsonNode trust = r.get("AssumeRolePolicyDocument");
      if (trust == null) {
        throw new IOException(source + ": role " + name + " needs an AssumeRolePolicyDocument");
      }
      roles.add(new DeclaredRole(name, r.path("MaxSessionDuration").asInt(Role.DEFAULT_MAX_SESSION_SECONDS),
          document(source, trust, PolicyKind.TRUST), policies(source, r.path("RolePolicyList"), PolicyKind.IDENTITY)));
    }
    return new IdentityFile(users, roles);
  }

  /** Creates or updates the declared users and roles (ids of existing ones are kept). */
  public void apply(IdentityStore store, String accountId, Ids ids, Clock clock) {
    for (DeclaredUser u : users) {
      User existing = store.user(accountId, u.userName()).orElse(null);
      store.putUser(new User(accountId, u.userName(), existing != null ? existing.userId() : ids.userId(),
          existing != null ? existing.createDate() : clock.instant(), u.policies()));
    }
    for (DeclaredRole r : roles) {
      Role existing = store.role(accountId, r.roleName()).orElse(null);
      store.putRole(new Role(accountId, r.roleName(), existing != null ? existing.roleId() : ids.roleId(),
          existing != null ? existing.createDate() : clock.instant(), r.trustPolicy(), r.maxSessionDuration(), r.policies()));
    }
  }

  private static Map<String, String> policies(String source, JsonNode list, PolicyKind kind) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode p : list) {
      out.put(required(source, p, "PolicyName"), document(source, p.get("PolicyDocument"), kind));
    }
    return out;
  }

  private static String document(String source, JsonNode doc, PolicyKind kind) throws IOException {
    if (doc == null) {
      throw new IOException(source + ": a policy has no PolicyDocument");
    }
    String json = doc.isTextual() ? doc.textValue() : JSON.writeValueAsString(doc);
    try {
      Policy.parse(json, kind);
    } catch (MalformedPolicyException e) {
      throw new IOException(source + ": malformed policy: " + e.getMessage());
    }
    return json;
  }

  private static String required(String source, JsonNode n, String field) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.textValue().isBlank()) {
      throw new IOException(source + ": missing " + field);
    }
    return v.textValue();
  }
}
