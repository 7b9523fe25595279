package keywatch.server.iam;

import static keywatch.server.iam.IamFixtures.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import keywatch.iam.principal.Role;
import keywatch.server.config.LabProfile;
import keywatch.server.sdk.KeywatchHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The lab's application role, end to end: the profile makes the key and the role; the AWS SDK's
 * StsAssumeRoleCredentialsProvider assumes the role with the root's credentials and encrypts with
 * the lab's key, and nothing else; principals outside a trust policy cannot assume a role.
 */
class LabRoleStsTest {
  static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/" + LabProfile.ROLE_NAME;

  @TempDir
  static Path dir;

  static KeywatchHarness harness;
  static LabProfile.Applied lab;

  @BeforeAll
  static void start() throws Exception {
    harness = IamFixtures.startServer(dir);
    lab = harness.server().applyLabProfile();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  static StsAssumeRoleCredentialsProvider assumeLabRole(StsClient rootSts, String session) {
    return StsAssumeRoleCredentialsProvider.builder().stsClient(rootSts)
        .refreshRequest(r -> r.roleArn(ROLE_ARN).roleSessionName(session)).build();
  }

  @Test
  void theProfileMakesTheLabKeyAndRoleOnceAndAgainChangesNothing() throws Exception {
    assertThat(lab.keyCreated()).isTrue();
    assertThat(lab.roleArn()).isEqualTo(ROLE_ARN);
    KeyMetadata key = harness.kms().describeKey(r -> r.keyId(LabProfile.KEY_ALIAS)).keyMetadata();
    assertThat(key.arn()).isEqualTo(lab.keyArn());
    assertThat(key.description()).isEqualTo("KMS Key used by app to encrypt / decrypt data");

    LabProfile.Applied again = harness.server().applyLabProfile();
    assertThat(again.keyCreated()).isFalse();
    assertThat(again.roleCreated()).isFalse();
    assertThat(again.keyId()).isEqualTo(lab.keyId());
    Role role = harness.server().identities().role(ACCOUNT, LabProfile.ROLE_NAME).orElseThrow();
    assertThat(role.policies()).containsOnlyKeys("KMSAccess");
    assertThat(role.policies().get("KMSAccess")).contains("\"kms:*\"").contains(lab.keyArn());
    assertThat(harness.kms().listAliases().aliases())
        .filteredOn(a -> a.aliasName().equals(LabProfile.KEY_ALIAS)).hasSize(1);
  }

  @Test
  void theSdkAssumesTheLabRoleAndEncryptsWithTheLabKeyOnly() {
    KeyMetadata otherKey = harness.kms().createKey(r -> r.description("not the app's")).keyMetadata();
    try (StsClient rootSts = IamFixtures.sts(harness.server(), IamFixtures.rootCredentials(harness));
        StsAssumeRoleCredentialsProvider role = assumeLabRole(rootSts, "app-task");
        KmsClient app = IamFixtures.kms(harness.server(), role);
        StsClient appSts = IamFixtures.sts(harness.server(), role)) {
      GetCallerIdentityResponse me = appSts.getCallerIdentity();
      assertThat(me.arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/" + LabProfile.ROLE_NAME + "/app-task");
      assertThat(me.account()).isEqualTo(ACCOUNT);
      assertThat(me.userId()).endsWith(":app-task");

      SdkBytes blob = app.encrypt(r -> r.keyId(LabProfile.KEY_ALIAS).plaintext(SdkBytes.fromUtf8String("Welcome to ReInvent 2020!")))
          .ciphertextBlob();
      assertThat(app.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("Welcome to ReInvent 2020!");
      assertThat(app.describeKey(r -> r.keyId(lab.keyId())).keyMetadata().arn()).isEqualTo(lab.keyArn());

      var denied = IamFixtures.kmsError(
          () -> app.encrypt(r -> r.keyId(otherKey.keyId()).plaintext(SdkBytes.fromUtf8String("x"))), "AccessDeniedException");
      // The other key's default policy delegates to the account; the role's identity policy is what is missing.
      assertThat(denied.awsErrorDetails().errorMessage()).isEqualTo("User: " + me.arn()
          + " is not authorized to perform: kms:Encrypt on resource: " + otherKey.arn()
          + " because no identity-based policy allows the kms:Encrypt action");
      // Account-level actions are not the key's: kms:* on one key ARN does not cover them.
      assertThat(IamFixtures.kmsError(() -> app.createKey(r -> { }), "AccessDeniedException")
          .awsErrorDetails().errorMessage()).contains("kms:CreateKey");
    }
  }

  @Test
  void aUserAllowedStsAssumeRoleMayAssumeTheLabRoleAndOneWithoutMayNot() {
    String allowAssume = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"" + ROLE_ARN + "\"}]}";
    var operator = IamFixtures.createUser(harness.server(), "lab-operator", Map.of("assume", allowAssume));
    var stranger = IamFixtures.createUser(harness.server(), "lab-stranger", Map.of());

    try (StsClient sts = IamFixtures.sts(harness.server(), operator)) {
      assertThat(sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("ops")).assumedRoleUser().arn())
          .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/" + LabProfile.ROLE_NAME + "/ops");
    }
    try (StsClient sts = IamFixtures.sts(harness.server(), stranger)) {
      StsException e = catchThrowableOfType(StsException.class,
          () -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("nope")));
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + IamFixtures.userArn("lab-stranger")
          + " is not authorized to perform: sts:AssumeRole on resource: " + ROLE_ARN);
    }
  }

  @Test
  void aPrincipalOutsideTheTrustPolicyCannotAssumeTheRoleEvenWithAnIdentityPolicyAllowingIt() throws Exception {
    // A role that trusts only the user "bob"; "mallory" may call sts:AssumeRole on anything.
    String trustOnlyBob = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"" + IamFixtures.userArn("bob") + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    harness.server().identities().putRole(new Role(ACCOUNT, "bobs-role", "AROAEXAMPLEBOBSROLE01",
        java.time.Instant.now(), trustOnlyBob, 3600, Map.of()));
    String bobsRole = "arn:aws:iam::" + ACCOUNT + ":role/bobs-role";
    String assumeAnything = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}";
    var bob = IamFixtures.createUser(harness.server(), "bob", Map.of());
    var mallory = IamFixtures.createUser(harness.server(), "mallory", Map.of("assume", assumeAnything));

    try (StsClient sts = IamFixtures.sts(harness.server(), bob)) {
      assertThat(sts.assumeRole(r -> r.roleArn(bobsRole).roleSessionName("bob")).credentials().sessionToken()).isNotBlank();
    }
    try (StsClient sts = IamFixtures.sts(harness.server(), mallory)) {
      StsException e = catchThrowableOfType(StsException.class,
          () -> sts.assumeRole(r -> r.roleArn(bobsRole).roleSessionName("mallory")));
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(e.statusCode()).isEqualTo(403);
    }
    // Nor can the SDK's provider, with the root's credentials: the root is not bob.
    try (StsClient rootSts = IamFixtures.sts(harness.server(), IamFixtures.rootCredentials(harness));
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(rootSts)
            .refreshRequest(r -> r.roleArn(bobsRole).roleSessionName("root")).asyncCredentialUpdateEnabled(false)
            .build()) {
      StsException e = catchThrowableOfType(StsException.class, provider::resolveCredentials);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    }
  }
}
