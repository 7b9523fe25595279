package keywatch.iam.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keywatch.iam.authz.Authorizer;
import keywatch.iam.principal.AccessKey;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.Principal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every IAM call is recorded exactly once through {@link IamCallAudit}: a mutation before it
 * stores, anything else once answered; and a mutation whose record cannot be written stores
 * nothing and answers ServiceFailure. Every mutating action is listed, so one that forgot its
 * {@code beforeCommit} fails here.
 */
class IamCallAuditTest {
  static final String ACCOUNT = "111122223333";
  static final Principal ROOT = new Principal.Root(ACCOUNT);
  static final Authorizer.Call CALL = new Authorizer.Call("127.0.0.1", "us-east-1", Map.of());
  static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
  static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
      + ACCOUNT + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";

  IdentityStore identities;
  IamProtocol iam;
  String keyId;

  /** What the audit was told, in order. */
  final List<String> told = new ArrayList<>();
  final List<IamCallAudit.Created> created = new ArrayList<>();

  final IamCallAudit recording = new IamCallAudit() {
    @Override
    public void beforeCommit(String requestId, String action, Created c) {
      told.add("beforeCommit " + action);
      created.add(c);
    }

    @Override
    public void completed(IamResponse r) {
      told.add("completed " + r.action() + (r.errorCode() == null ? "" : " " + r.errorCode()));
    }
  };

  final IamCallAudit failing = new IamCallAudit() {
    @Override
    public void beforeCommit(String requestId, String action, Created c) {
      throw new IllegalStateException("trail closed");
    }

    @Override
    public void completed(IamResponse r) {
      throw new IllegalStateException("trail closed");
    }
  };

  @BeforeEach
  void store() {
    identities = IamProtocolTest.inMemoryIdentities();
    Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    iam = new IamProtocol(identities, new Authorizer(identities, clock), new Ids(new SecureRandom()), clock);
    // A user with a key and a policy, and a role with a policy: something for every mutation to change.
    call(IamCallAudit.NONE, "CreateUser", "UserName", "bob");
    call(IamCallAudit.NONE, "PutUserPolicy", "UserName", "bob", "PolicyName", "kept", "PolicyDocument", POLICY);
    call(IamCallAudit.NONE, "CreateAccessKey", "UserName", "bob");
    keyId = identities.accessKeysOf(ACCOUNT, "bob").get(0).accessKeyId();
    call(IamCallAudit.NONE, "CreateRole", "RoleName", "app", "AssumeRolePolicyDocument", TRUST);
    call(IamCallAudit.NONE, "PutRolePolicy", "RoleName", "app", "PolicyName", "kept", "PolicyDocument", POLICY);
  }

  IamResponse call(IamCallAudit audit, String action, String... nameValues) {
    Map<String, String> params = new HashMap<>();
    params.put("Action", action);
    params.put("Version", IamProtocol.VERSION);
    for (int i = 0; i < nameValues.length; i += 2) {
      params.put(nameValues[i], nameValues[i + 1]);
    }
    return iam.handle(params, ROOT, CALL, audit);
  }

  /** Each mutating action IamProtocol serves, with parameters that make it succeed on the fixture. */
  List<String[]> mutations() {
    return List.of(
        new String[] {"CreateUser", "UserName", "new-user"},
        new String[] {"PutUserPolicy", "UserName", "bob", "PolicyName", "new", "PolicyDocument", POLICY},
        new String[] {"DeleteUserPolicy", "UserName", "bob", "PolicyName", "kept"},
        new String[] {"CreateAccessKey", "UserName", "bob"},
        new String[] {"UpdateAccessKey", "UserName", "bob", "AccessKeyId", keyId, "Status", "Inactive"},
        new String[] {"DeleteAccessKey", "UserName", "bob", "AccessKeyId", keyId},
        new String[] {"CreateRole", "RoleName", "new-role", "AssumeRolePolicyDocument", TRUST},
        new String[] {"UpdateAssumeRolePolicy", "RoleName", "app", "PolicyDocument", TRUST.replace("Allow", "Deny")},
        new String[] {"PutRolePolicy", "RoleName", "app", "PolicyName", "new", "PolicyDocument", POLICY},
        new String[] {"DeleteRolePolicy", "RoleName", "app", "PolicyName", "kept"},
        new String[] {"DeleteRole", "RoleName", "new-role-that-is-empty"},
        new String[] {"DeleteUser", "UserName", "new-user-that-is-empty"});
  }

  /** Everything a mutation could change, as text. */
  String snapshot() {
    StringBuilder s = new StringBuilder();
    identities.users().stream().sorted(java.util.Comparator.comparing(u -> u.userName()))
        .forEach(u -> s.append(u.userName()).append(new java.util.TreeMap<>(u.policies())).append('\n'));
    identities.roles().stream().sorted(java.util.Comparator.comparing(r -> r.roleName()))
        .forEach(r -> s.append(r.roleName()).append(r.trustPolicy()).append(new java.util.TreeMap<>(r.policies())).append('\n'));
    identities.accessKeysOf(ACCOUNT, "bob").stream().sorted(java.util.Comparator.comparing(AccessKey::accessKeyId))
        .forEach(k -> s.append(k.accessKeyId()).append(k.active()).append('\n'));
    return s.toString();
  }

  @Test
  void aMutationWhoseRecordCannotBeWritten_storesNothing_andAnswersServiceFailure() {
    // The two deletes need an empty user and role of their own, made before the trail "fails".
    call(IamCallAudit.NONE, "CreateUser", "UserName", "new-user-that-is-empty");
    call(IamCallAudit.NONE, "CreateRole", "RoleName", "new-role-that-is-empty", "AssumeRolePolicyDocument", TRUST);
    List<String> failures = new ArrayList<>();
    for (String[] m : mutations()) {
      String before = snapshot();
      IamResponse r = call(failing, m[0], java.util.Arrays.copyOfRange(m, 1, m.length));
      if (r.httpStatus() != 500 || !"ServiceFailure".equals(r.errorCode())) {
        failures.add(m[0] + " answered " + r.httpStatus() + " " + r.errorCode());
      }
      if (!snapshot().equals(before)) {
        failures.add(m[0] + " changed the store without its record");
      }
    }
    assertThat(failures).isEmpty();
    // The same calls with a working audit do change the store: the check above is not vacuous.
    for (String[] m : mutations()) {
      String before = snapshot();
      IamResponse r = call(recording, m[0], java.util.Arrays.copyOfRange(m, 1, m.length));
      assertThat(r.errorCode()).as(m[0]).isNull();
      assertThat(snapshot()).as(m[0]).isNotEqualTo(before);
    }
  }

  @Test
  void everyCallIsToldOnce_mutationsBeforeTheyStore_everythingElseOnceAnswered() {
    call(IamCallAudit.NONE, "CreateUser", "UserName", "new-user-that-is-empty");
    call(IamCallAudit.NONE, "CreateRole", "RoleName", "new-role-that-is-empty", "AssumeRolePolicyDocument", TRUST);
    List<String> expected = new ArrayList<>();
    for (String[] m : mutations()) {
      call(recording, m[0], java.util.Arrays.copyOfRange(m, 1, m.length));
      expected.add("beforeCommit " + m[0]);
    }
    call(recording, "ListUsers");
    call(recording, "GetUser", "UserName", "nobody");
    call(recording, "CreateUser", "UserName", "bob");
    call(recording, "Frobnicate");
    iam.handle(Map.of("Action", "CreateUser", "UserName", "eve"), new Principal.IamUser(ACCOUNT, "bob", "AIDABOB"), CALL,
        recording);
    expected.addAll(List.of("completed ListUsers", "completed GetUser NoSuchEntity", "completed CreateUser EntityAlreadyExists",
        "completed Frobnicate InvalidAction", "completed CreateUser AccessDenied"));
    assertThat(told).containsExactlyElementsOf(expected);

    // What the creating calls handed over: the new entities, the access key without any secret.
    assertThat(created.get(0)).isInstanceOfSatisfying(IamCallAudit.NewUser.class,
        u -> assertThat(u.user().userName()).isEqualTo("new-user"));
    IamCallAudit.NewAccessKey key = (IamCallAudit.NewAccessKey) created.get(3);
    assertThat(key.userName()).isEqualTo("bob");
    assertThat(key.active()).isTrue();
    assertThat(identities.accessKey(key.accessKeyId())).isPresent();
    assertThat(created.get(6)).isInstanceOfSatisfying(IamCallAudit.NewRole.class,
        r -> assertThat(r.role().roleName()).isEqualTo("new-role"));
    assertThat(created.stream().filter(c -> c == null)).hasSize(mutations().size() - 3);
  }

  @Test
  void aReadWhoseRecordCannotBeWritten_isRefused() {
    IamResponse r = call(failing, "ListUsers");
    assertThat(r.httpStatus()).isEqualTo(500);
    assertThat(r.errorCode()).isEqualTo("ServiceFailure");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("bob");
  }
}
