package keywatch.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import keywatch.iam.principal.IdentityStore;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.trail.TrailConfig;
import keywatch.trail.lookup.EventLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audited or refused, for IAM: once the trail cannot record (closed under the running server, so
 * every append throws), every IAM call is answered ServiceFailure (500), and the identities are
 * exactly as they were, also after a restart: no user, key, policy or role changed without its record.
 */
class IamAuditedOrRefusedTest {
  static final String ACCOUNT = KeywatchHarness.ACCOUNT;
  static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
      + "\"Resource\":\"*\"}]}";

  @TempDir
  Path dataDir;

  @Test
  void whenTheTrailCannotRecord_iamCallsFailWithServiceFailure_andChangeNothing() throws Exception {
    try (KeywatchHarness harness = KeywatchHarness.start(dataDir)) {
      SdkSignedIam root = SdkSignedIam.asAdmin(harness);
      assertThat(root.call("CreateUser", "UserName", "bob").status()).isEqualTo(200);
      SdkSignedIam.Answer key = root.call("CreateAccessKey", "UserName", "bob");
      assertThat(key.status()).isEqualTo(200);
      String keyId = key.element("AccessKeyId");
      assertThat(root.call("PutUserPolicy", "UserName", "bob", "PolicyName", "kept", "PolicyDocument", POLICY).status())
          .isEqualTo(200);
      TrailConfig trailConfig = harness.server().trail().orElseThrow().config();

      harness.server().trail().orElseThrow().close();

      List<String[]> calls = List.of(
          new String[] {"CreateUser", "UserName", "never"},
          new String[] {"DeleteUser", "UserName", "bob"},
          new String[] {"CreateAccessKey", "UserName", "bob"},
          new String[] {"UpdateAccessKey", "UserName", "bob", "AccessKeyId", keyId, "Status", "Inactive"},
          new String[] {"DeleteAccessKey", "UserName", "bob", "AccessKeyId", keyId},
          new String[] {"PutUserPolicy", "UserName", "bob", "PolicyName", "never", "PolicyDocument", POLICY},
          new String[] {"DeleteUserPolicy", "UserName", "bob", "PolicyName", "kept"},
          new String[] {"CreateRole", "RoleName", "never", "AssumeRolePolicyDocument", SdkSignedIam.ACCOUNT_ROOT_TRUST},
          new String[] {"ListUsers"},
          new String[] {"GetUser", "UserName", "nobody"});
      List<String> refused = new ArrayList<>();
      for (String[] c : calls) {
        String[] params = java.util.Arrays.copyOfRange(c, 1, c.length);
        SdkSignedIam.Answer a = root.call(c[0], params);
        assertThat(a.status()).as(c[0]).isEqualTo(500);
        assertThat(a.errorCode()).as(c[0]).isEqualTo("ServiceFailure");
        assertThat(a.body()).as(c[0]).doesNotContain("SecretAccessKey");
        refused.add(a.requestId());
      }
      assertUnchanged(harness.server().identities(), keyId);

      harness.restart();
      assertUnchanged(harness.server().identities(), keyId);
      List<JsonNode> records = new EventLookup(trailConfig).records();
      assertThat(records).noneMatch(r -> refused.contains(r.path("requestID").asText()));
    }
  }

  static void assertUnchanged(IdentityStore identities, String keyId) {
    assertThat(identities.user(ACCOUNT, "never")).isEmpty();
    assertThat(identities.role(ACCOUNT, "never")).isEmpty();
    assertThat(identities.user(ACCOUNT, "bob")).get().satisfies(u -> assertThat(u.policies()).containsOnlyKeys("kept"));
    assertThat(identities.accessKeysOf(ACCOUNT, "bob")).singleElement()
        .satisfies(k -> {
          assertThat(k.accessKeyId()).isEqualTo(keyId);
          assertThat(k.active()).isTrue();
        });
  }
}
