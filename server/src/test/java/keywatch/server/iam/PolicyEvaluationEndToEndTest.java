package keywatch.server.iam;

import static keywatch.server.iam.IamFixtures.kmsError;
import static keywatch.server.iam.IamFixtures.rootArn;
import static keywatch.server.iam.IamFixtures.userArn;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import keywatch.server.sdk.KeywatchHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Key policies and identity policies decided through real, signed calls from the AWS SDK: an
 * explicit deny beats an allow, wherever each is written; an encryption-context condition lets
 * only matching contexts through; aws:SourceIp sees the client's address (127.0.0.1 here).
 */
class PolicyEvaluationEndToEndTest {
  @TempDir
  static Path dir;

  static KeywatchHarness harness;
  static KmsClient root;

  @BeforeAll
  static void start() throws Exception {
    harness = IamFixtures.startServer(dir);
    root = harness.kms();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  /** A key policy keeping the root's full access (so no lockout) plus {@code statements}. */
  static String keyPolicy(String... statements) {
    StringBuilder b = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Enable IAM User Permissions\","
        + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + rootArn() + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}");
    for (String s : statements) {
      b.append(',').append(s);
    }
    return b.append("]}").toString();
  }

  static String newKey(String policy) {
    return root.createKey(r -> r.policy(policy)).keyMetadata().keyId();
  }

  static SdkBytes text(String s) {
    return SdkBytes.fromUtf8String(s);
  }

  @Test
  void anIdentityPolicyDenyOnDecryptBeatsItsAllowOfKmsStar() {
    String keyId = newKey(keyPolicy());
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Sid\":\"UseKeys\",\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"},"
        + "{\"Sid\":\"NeverDecrypt\",\"Effect\":\"Deny\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}";
    try (KmsClient writer = IamFixtures.kms(harness.server(), IamFixtures.createUser(harness.server(), "writer", Map.of("p", policy)))) {
      SdkBytes blob = writer.encrypt(r -> r.keyId(keyId).plaintext(text("secret"))).ciphertextBlob();
      var e = kmsError(() -> writer.decrypt(r -> r.ciphertextBlob(blob)), "AccessDeniedException");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + userArn("writer")
          + " is not authorized to perform: kms:Decrypt on resource: " + IamFixtures.ACCOUNT_KEY_ARN_PREFIX + keyId
          + " with an explicit deny in a resource-based or identity-based policy");
      assertThat(root.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("secret");
    }
  }

  @Test
  void aKeyPolicyDenyBeatsAnIdentityPolicyAllow() {
    String keyId = newKey(keyPolicy("{\"Sid\":\"NoEncryptForReader\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\""
        + userArn("reader") + "\"},\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}"));
    String allowAll = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    try (KmsClient reader = IamFixtures.kms(harness.server(), IamFixtures.createUser(harness.server(), "reader", Map.of("p", allowAll)))) {
      kmsError(() -> reader.encrypt(r -> r.keyId(keyId).plaintext(text("x"))), "AccessDeniedException");
      assertThat(reader.describeKey(r -> r.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
    }
  }

  @Test
  void withoutAnIdentityPolicyAUserGetsNothingFromTheDefaultKeyPolicy() {
    String keyId = root.createKey(r -> { }).keyMetadata().keyId();
    try (KmsClient nobody = IamFixtures.kms(harness.server(), IamFixtures.createUser(harness.server(), "nobody", Map.of()))) {
      var e = kmsError(() -> nobody.encrypt(r -> r.keyId(keyId).plaintext(text("x"))), "AccessDeniedException");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + userArn("nobody")
          + " is not authorized to perform: kms:Encrypt on resource: " + IamFixtures.ACCOUNT_KEY_ARN_PREFIX + keyId
          + " because no identity-based policy allows the kms:Encrypt action");
    }
  }

  @Test
  void anEncryptionContextConditionInTheKeyPolicyAllowsOnlyMatchingContexts() {
    String keyId = newKey(keyPolicy("{\"Sid\":\"ITOnly\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + userArn("it-app")
        + "\"},\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\"],\"Resource\":\"*\","
        + "\"Condition\":{\"StringEquals\":{\"kms:EncryptionContext:Department\":\"IT\"}}}"));
    try (KmsClient app = IamFixtures.kms(harness.server(), IamFixtures.createUser(harness.server(), "it-app", Map.of()))) {
      SdkBytes blob = app.encrypt(r -> r.keyId(keyId).plaintext(text("it secret")).encryptionContext(Map.of("Department", "IT")))
          .ciphertextBlob();
      assertThat(app.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("Department", "IT"))).plaintext().asUtf8String())
          .isEqualTo("it secret");

      kmsError(() -> app.encrypt(r -> r.keyId(keyId).plaintext(text("x")).encryptionContext(Map.of("Department", "HR"))),
          "AccessDeniedException");
      kmsError(() -> app.encrypt(r -> r.keyId(keyId).plaintext(text("x"))), "AccessDeniedException");
      // Condition values are case-sensitive under StringEquals.
      kmsError(() -> app.encrypt(r -> r.keyId(keyId).plaintext(text("x")).encryptionContext(Map.of("Department", "it"))),
          "AccessDeniedException");
      // Decrypt of the IT ciphertext without its context is refused by the policy before the crypto runs.
      kmsError(() -> app.decrypt(r -> r.ciphertextBlob(blob)), "AccessDeniedException");
    }
  }

  @Test
  void aSourceIpConditionSeesTheClientAddress() {
    String fromLoopback = newKey(keyPolicy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + userArn("net-app")
        + "\"},\"Action\":\"kms:Encrypt\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.1/32\"}}}"));
    String fromOffice = newKey(keyPolicy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + userArn("net-app")
        + "\"},\"Action\":\"kms:Encrypt\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}}"));
    String onlyFromPrivateNetworks = "{\"Effect\":\"Deny\",\"Principal\":%s,\"Action\":\"kms:*\",\"Resource\":\"*\","
        + "\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"192.168.0.0/16\"]}}}";
    String allowNetApp = "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + userArn("net-app")
        + "\"},\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}";
    // Denying everyone outside private networks would lock out the root calling from 127.0.0.1.
    kmsError(() -> newKey(keyPolicy(allowNetApp, onlyFromPrivateNetworks.formatted("\"*\""))), "MalformedPolicyDocumentException");
    String deniedFromLoopback = newKey(keyPolicy(allowNetApp,
        onlyFromPrivateNetworks.formatted("{\"AWS\":\"" + userArn("net-app") + "\"}")));
    try (KmsClient app = IamFixtures.kms(harness.server(), IamFixtures.createUser(harness.server(), "net-app", Map.of()))) {
      assertThat(app.encrypt(r -> r.keyId(fromLoopback).plaintext(text("x"))).keyId()).endsWith(fromLoopback);
      kmsError(() -> app.encrypt(r -> r.keyId(fromOffice).plaintext(text("x"))), "AccessDeniedException");
      kmsError(() -> app.encrypt(r -> r.keyId(deniedFromLoopback).plaintext(text("x"))), "AccessDeniedException");
    }
  }
}
