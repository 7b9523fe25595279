package keywatch.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keywatch.iam.principal.AccessKey;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.Role;
import keywatch.iam.principal.RoleSession;
import keywatch.iam.principal.User;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.trail.Trail;
import keywatch.trail.TrailConfig;
import keywatch.trail.lookup.EventLookup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * The records keywatch writes for KMS calls made with the real AWS SDK, against AWS's documented
 * examples (resources {@code aws-cloudtrail-examples/}, sources in their README): same field names,
 * JSON types and nesting, values aside. Also: the requestID is the x-amzn-RequestId the client
 * saw; denied and failed calls are recorded with their errorCode; assumed-role callers carry their
 * session issuer; and nothing secret the tests used appears in the trail or the logs.
 */
class KmsAuditRecordsTest {
  private static final Map<String, String> CONTEXT = Map.of("Department", "Engineering", "Project", "Alpha");

  @TempDir
  static Path dataDir;

  static KeywatchHarness harness;
  static KmsClient kms;
  static AuditTrailScan scan;

  @BeforeAll
  static void start() throws Exception {
    scan = new AuditTrailScan();
    harness = KeywatchHarness.start(dataDir);
    kms = harness.kms();
    scan.secret(harness.config().adminSecretAccessKey());
  }

  @AfterAll
  static void noSecretLeaks() throws Exception {
    Trail trail = harness.server().trail().orElseThrow();
    trail.flushLogFiles();
    trail.writeDigests();
    TrailConfig config = trail.config();
    harness.close(); // delivers the rest of the journal
    AuditTrailScan.assertNoLeaks(scan, config);
  }

  @Test
  void createKey_isRecordedAsAwsDocumentsIt() throws Exception {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
        + KeywatchHarness.ACCOUNT + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    CreateKeyResponse r = kms.createKey(b -> b.policy(policy).description(""));
    JsonNode record = recordOf(r);
    assertSameShape(record, "CreateKey.json", Set.of(
        "$.requestparameters.keyspec:string",
        "$.responseelements.keymetadata.multiregion:boolean"));
    assertThat(record.path("readOnly").asBoolean()).isFalse();
    assertThat(record.at("/responseElements/keyMetadata/keyId").asText()).isEqualTo(r.keyMetadata().keyId());
    assertThat(record.at("/resources/0/ARN").asText()).isEqualTo(r.keyMetadata().arn());
  }

  @Test
  void encrypt_recordsKeyContextAndAlgorithm_notThePlaintext() throws Exception {
    String keyArn = newKey();
    byte[] plaintext = secretBytes();
    EncryptResponse r = kms.encrypt(b -> b.keyId(keyArn).plaintext(SdkBytes.fromByteArray(plaintext))
        .encryptionContext(Map.of("Department", "Engineering")));
    scan.secret(r.ciphertextBlob().asByteArray());
    JsonNode record = recordOf(r);
    assertSameShape(record, "Encrypt.json", Set.of());
    assertThat(record.path("responseElements").isNull()).isTrue();
    assertThat(record.path("readOnly").asBoolean()).isTrue();
    assertThat(record.at("/requestParameters/encryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
  }

  @Test
  void decrypt_successAndIncorrectKeyException() throws Exception {
    String keyArn = newKey();
    String otherKeyArn = newKey();
    byte[] plaintext = secretBytes();
    SdkBytes blob = kms.encrypt(b -> b.keyId(keyArn).plaintext(SdkBytes.fromByteArray(plaintext))
        .encryptionContext(CONTEXT)).ciphertextBlob();
    scan.secret(blob.asByteArray());

    DecryptResponse ok = kms.decrypt(b -> b.keyId(keyArn).ciphertextBlob(blob).encryptionContext(CONTEXT));
    JsonNode okRecord = recordOf(ok);
    assertSameShape(okRecord, "Decrypt.json", Set.of());
    assertThat(okRecord.at("/resources/0/ARN").asText()).isEqualTo(keyArn);

    IncorrectKeyException e = (IncorrectKeyException) catchKms(
        () -> kms.decrypt(b -> b.keyId(otherKeyArn).ciphertextBlob(blob).encryptionContext(CONTEXT)));
    JsonNode failed = record(e.requestId());
    assertSameShape(failed, "Decrypt-IncorrectKeyException.json", Set.of());
    assertThat(failed.path("errorCode").asText()).isEqualTo("IncorrectKeyException");
    assertThat(failed.path("errorMessage").asText())
        .isEqualTo("The key ID in the request does not identify a CMK that can perform this operation.");
  }

  @Test
  void decryptWithoutKeyId_namesTheKeyOfTheCiphertext() throws Exception {
    String keyArn = newKey();
    SdkBytes blob = kms.encrypt(b -> b.keyId(keyArn).plaintext(SdkBytes.fromByteArray(secretBytes()))).ciphertextBlob();
    scan.secret(blob.asByteArray());
    JsonNode record = recordOf(kms.decrypt(b -> b.ciphertextBlob(blob)));
    assertThat(record.at("/resources/0/ARN").asText()).isEqualTo(keyArn);
    assertThat(record.path("requestParameters").has("keyId")).isFalse();
    assertThat(record.at("/requestParameters/encryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
  }

  @Test
  void generateDataKey_neverRecordsTheDataKey() throws Exception {
    String keyId = kms.createKey(b -> b.description("dk")).keyMetadata().keyId();
    GenerateDataKeyResponse r = kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)
        .encryptionContext(CONTEXT));
    scan.secret(r.plaintext().asByteArray());
    scan.secret(r.ciphertextBlob().asByteArray());
    JsonNode record = recordOf(r);
    assertSameShape(record, "GenerateDataKey.json", Set.of());
    assertThat(record.at("/requestParameters/keyId").asText()).isEqualTo(keyId);
  }

  @Test
  void disableKey() throws Exception {
    String keyId = kms.createKey(b -> b.description("to disable")).keyMetadata().keyId();
    JsonNode record = recordOf(kms.disableKey(b -> b.keyId(keyId)));
    assertSameShape(record, "DisableKey.json", Set.of());
    assertThat(record.path("readOnly").asBoolean()).isFalse();
  }

  @Test
  void scheduleKeyDeletion_recordsTheStateAndDate() throws Exception {
    String keyId = kms.createKey(b -> b.description("to delete")).keyMetadata().keyId();
    JsonNode record = recordOf(kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(20)));
    assertSameShape(record, "ScheduleKeyDeletion.json", Set.of("$.responseelements.pendingwindowindays:number"));
    assertThat(record.at("/responseElements/keyState").asText()).isEqualTo("PendingDeletion");
    assertThat(record.at("/requestParameters/pendingWindowInDays").asInt()).isEqualTo(20);
  }

  @Test
  void putKeyPolicy() throws Exception {
    String keyId = kms.createKey(b -> b.description("policy")).keyMetadata().keyId();
    String policy = kms.getKeyPolicy(b -> b.keyId(keyId).policyName("default")).policy();
    JsonNode record = recordOf(kms.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy(policy)
        .bypassPolicyLockoutSafetyCheck(false)));
    assertSameShape(record, "PutKeyPolicy.json", Set.of());
  }

  @Test
  void createGrant_recordsTheGrantId_neverTheToken() throws Exception {
    String keyArn = newKey();
    String grantee = "arn:aws:iam::" + KeywatchHarness.ACCOUNT + ":role/pattern1-app-Pattern1ECSTaskRole";
    CreateGrantResponse r = kms.createGrant(b -> b.keyId(keyArn).granteePrincipal(grantee)
        .operations(GrantOperation.ENCRYPT, GrantOperation.RETIRE_GRANT)
        .constraints(c -> c.encryptionContextSubset(Map.of("ContextKey1", "Value1"))));
    scan.secret(r.grantToken());
    JsonNode record = recordOf(r);
    assertSameShape(record, "CreateGrant.json", Set.of());
    assertThat(record.at("/responseElements/grantId").asText()).isEqualTo(r.grantId());
    assertThat(record.at("/requestParameters/constraints/encryptionContextSubset/ContextKey1").asText()).isEqualTo("Value1");
    assertThat(record.at("/requestParameters/granteePrincipal").asText()).isEqualTo(grantee);
  }

  @Test
  void aDeniedCallIsRecordedAsAccessDenied() throws Exception {
    String keyArn = newKey();
    Ids ids = new Ids(new SecureRandom());
    Instant now = Instant.now();
    String userId = ids.userId();
    harness.server().identities().putUser(new User(KeywatchHarness.ACCOUNT, "mallory", userId, now, Map.of()));
    String akid = ids.accessKeyId();
    String secret = ids.secretAccessKey();
    scan.secret(secret);
    harness.server().identities().putAccessKey(new AccessKey(akid, KeywatchHarness.ACCOUNT, "mallory", true, now, secret));
    try (KmsClient mallory = KeywatchHarness.client(harness.server().endpoint(), akid, secret)) {
      byte[] plaintext = secretBytes();
      KmsException e = catchKms(() -> mallory.encrypt(b -> b.keyId(keyArn).plaintext(SdkBytes.fromByteArray(plaintext))));
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
      JsonNode record = record(e.requestId());
      assertThat(record.path("errorCode").asText()).isEqualTo("AccessDenied");
      assertThat(record.path("errorMessage").asText()).contains("is not authorized to perform: kms:Encrypt");
      assertThat(record.at("/userIdentity/type").asText()).isEqualTo("IAMUser");
      assertThat(record.at("/userIdentity/userName").asText()).isEqualTo("mallory");
      assertThat(record.at("/userIdentity/accessKeyId").asText()).isEqualTo(akid);
      assertThat(record.at("/resources/0/ARN").asText()).isEqualTo(keyArn);
    }
  }

  @Test
  void aFailedCallIsRecordedWithItsErrorCode() throws Exception {
    String missing = KeywatchHarness.keyArn("00000000-0000-0000-0000-000000000000");
    KmsException e = catchKms(() -> kms.describeKey(b -> b.keyId(missing)));
    assertThat(e).isInstanceOf(NotFoundException.class);
    JsonNode record = record(e.requestId());
    assertThat(record.path("errorCode").asText()).isEqualTo("NotFoundException");
    assertThat(record.path("errorMessage").asText()).isEqualTo(e.awsErrorDetails().errorMessage());
    assertThat(record.path("responseElements").isNull()).isTrue();
    assertThat(record.has("resources")).isFalse();
  }

  @Test
  void anAssumedRoleCallerCarriesItsSessionIssuer() throws Exception {
    String keyArn = newKey();
    Ids ids = new Ids(new SecureRandom());
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String roleId = ids.roleId();
    String role = "pattern1-app-Pattern1ECSTaskRole";
    harness.server().identities().putRole(new Role(KeywatchHarness.ACCOUNT, role, roleId, now,
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
        3600, Map.of("kms", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")));
    RoleSession session = new RoleSession(ids.sessionAccessKeyId(), KeywatchHarness.ACCOUNT, role, roleId, "task-1",
        now, now.plusSeconds(3600), ids.secretAccessKey(), ids.sessionToken());
    scan.secret(session.secretAccessKey());
    scan.secret(session.sessionToken());
    harness.server().identities().putSession(session);
    try (KmsClient app = KmsClient.builder()
        .endpointOverride(java.net.URI.create(harness.server().endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
            session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))
        .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
        .build()) {
      byte[] plaintext = secretBytes();
      EncryptResponse r = app.encrypt(b -> b.keyId(keyArn).plaintext(SdkBytes.fromByteArray(plaintext)));
      scan.secret(r.ciphertextBlob().asByteArray());
      JsonNode identity = recordOf(r).path("userIdentity");
      assertThat(identity.path("type").asText()).isEqualTo("AssumedRole");
      assertThat(identity.path("principalId").asText()).isEqualTo(roleId + ":task-1");
      assertThat(identity.path("arn").asText())
          .isEqualTo("arn:aws:sts::" + KeywatchHarness.ACCOUNT + ":assumed-role/" + role + "/task-1");
      assertThat(identity.path("accessKeyId").asText()).isEqualTo(session.accessKeyId());
      JsonNode issuer = identity.at("/sessionContext/sessionIssuer");
      assertThat(issuer.path("type").asText()).isEqualTo("Role");
      assertThat(issuer.path("principalId").asText()).isEqualTo(roleId);
      assertThat(issuer.path("arn").asText()).isEqualTo("arn:aws:iam::" + KeywatchHarness.ACCOUNT + ":role/" + role);
      assertThat(issuer.path("accountId").asText()).isEqualTo(KeywatchHarness.ACCOUNT);
      assertThat(issuer.path("userName").asText()).isEqualTo(role);
      JsonNode attributes = identity.at("/sessionContext/attributes");
      assertThat(attributes.path("creationDate").asText()).isEqualTo(now.toString());
      assertThat(attributes.path("mfaAuthenticated").asText()).isEqualTo("false");
    }
  }

  // --- helpers

  private static String newKey() {
    return kms.createKey(b -> b.description("audit test")).keyMetadata().arn();
  }

  private static byte[] secretBytes() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    scan.secret(b);
    return b;
  }

  private static KmsException catchKms(Runnable call) {
    try {
      call.run();
    } catch (KmsException e) {
      return e;
    }
    throw new AssertionError("expected the call to fail");
  }

  /** The one record whose requestID is the x-amzn-RequestId this response carried. */
  private static JsonNode recordOf(KmsResponse response) throws IOException {
    String requestId = response.responseMetadata().requestId();
    assertThat(requestId).isNotBlank();
    return record(requestId);
  }

  private static JsonNode record(String requestId) throws IOException {
    TrailConfig config = harness.server().trail().orElseThrow().config();
    List<JsonNode> matching = new EventLookup(config).records().stream()
        .filter(r -> requestId.equals(r.path("requestID").asText()))
        .toList();
    assertThat(matching).as("records with requestID " + requestId).hasSize(1);
    JsonNode record = matching.get(0);
    assertThat(record.path("eventSource").asText()).isEqualTo("kms.amazonaws.com");
    assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1");
    assertThat(record.path("recipientAccountId").asText()).isEqualTo(KeywatchHarness.ACCOUNT);
    return record;
  }

  private static void assertSameShape(JsonNode ours, String example, Set<String> extra) throws IOException {
    GoldenShapes.assertSameShape(ours, example, extra, Set.of());
  }
}
