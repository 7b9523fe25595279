package keywatch.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.trail.Trail;
import keywatch.trail.TrailConfig;
import keywatch.trail.lookup.EventLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IAM calls in the trail, made over HTTP as the AWS SDK v2 signs them ({@link SdkSignedIam}): each
 * call, allowed or denied, ok or failed, is exactly one record as AWS writes IAM records, shaped
 * like AWS's documented examples; the secret of a new access key appears nowhere the server wrote.
 */
class IamAuditRecordsTest {
  static final String ACCOUNT = KeywatchHarness.ACCOUNT;
  static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:Encrypt\","
      + "\"Resource\":\"*\"}]}";

  @TempDir
  Path dataDir;

  @Test
  void everyIamCall_isOneRecord_asAwsWritesIt_andNoSecretIsWrittenAnywhere() throws Exception {
    AuditTrailScan scan = new AuditTrailScan();
    TrailConfig config;
    try (KeywatchHarness harness = KeywatchHarness.start(dataDir)) {
      scan.secret(harness.config().adminSecretAccessKey());
      SdkSignedIam root = SdkSignedIam.asAdmin(harness);
      Trail trail = harness.server().trail().orElseThrow();
      config = trail.config();
      int iamRecordsBefore = iamRecords(config).size();
      List<String> requestIds = new ArrayList<>();

      SdkSignedIam.Answer createUser = root.call("CreateUser", "UserName", "alice");
      assertThat(createUser.status()).isEqualTo(200);
      requestIds.add(createUser.requestId());
      JsonNode r = record(config, createUser.requestId());
      assertManagementCall(r, "CreateUser", false);
      assertThat(r.at("/userIdentity/type").asText()).isEqualTo("Root");
      assertThat(r.at("/userIdentity/accessKeyId").asText()).isEqualTo(harness.config().adminAccessKeyId());
      assertThat(r.get("requestParameters").toString()).isEqualTo("{\"userName\":\"alice\"}");
      assertThat(r.at("/responseElements/user/userName").asText()).isEqualTo("alice");
      assertThat(r.at("/responseElements/user/userId").asText()).isEqualTo(createUser.element("UserId"));
      assertThat(r.at("/responseElements/user/arn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/alice");
      assertThat(r.at("/responseElements/user/path").asText()).isEqualTo("/");
      assertThat(r.at("/responseElements/user/createDate").isTextual()).isTrue();
      GoldenShapes.assertSameShape(r, "CreateUser.json", GoldenShapes.ENVELOPE_1_08, Set.of());

      SdkSignedIam.Answer createKey = root.call("CreateAccessKey", "UserName", "alice");
      assertThat(createKey.status()).isEqualTo(200);
      String keyId = createKey.element("AccessKeyId");
      String secret = createKey.element("SecretAccessKey");
      assertThat(secret).hasSizeGreaterThan(20);
      scan.secret(secret);
      requestIds.add(createKey.requestId());
      r = record(config, createKey.requestId());
      assertManagementCall(r, "CreateAccessKey", false);
      assertThat(r.get("requestParameters").toString()).isEqualTo("{\"userName\":\"alice\"}");
      JsonNode accessKey = r.at("/responseElements/accessKey");
      assertThat(accessKey.path("accessKeyId").asText()).isEqualTo(keyId);
      assertThat(accessKey.path("status").asText()).isEqualTo("Active");
      assertThat(accessKey.path("userName").asText()).isEqualTo("alice");
      assertThat(accessKey.path("createDate").isTextual()).isTrue();
      assertThat(accessKey.has("secretAccessKey")).isFalse();
      assertThat(r.toString()).doesNotContain(secret);

      SdkSignedIam.Answer put = root.call("PutUserPolicy", "UserName", "alice", "PolicyName", "encrypt-only",
          "PolicyDocument", POLICY);
      assertThat(put.status()).isEqualTo(200);
      requestIds.add(put.requestId());
      r = record(config, put.requestId());
      assertManagementCall(r, "PutUserPolicy", false);
      assertThat(r.at("/requestParameters/userName").asText()).isEqualTo("alice");
      assertThat(r.at("/requestParameters/policyName").asText()).isEqualTo("encrypt-only");
      assertThat(r.at("/requestParameters/policyDocument").asText()).isEqualTo(POLICY);
      assertThat(r.get("responseElements").isNull()).isTrue();

      SdkSignedIam.Answer list = root.call("ListUsers");
      assertThat(list.status()).isEqualTo(200);
      requestIds.add(list.requestId());
      r = record(config, list.requestId());
      assertManagementCall(r, "ListUsers", true);
      assertThat(r.get("requestParameters").isNull()).isTrue();
      assertThat(r.get("responseElements").isNull()).isTrue();

      // alice (her policy allows kms:Encrypt only) is denied an IAM action.
      SdkSignedIam alice = new SdkSignedIam(harness.server().endpoint(), keyId, secret);
      SdkSignedIam.Answer denied = alice.call("CreateUser", "UserName", "mallory");
      assertThat(denied.status()).isEqualTo(403);
      assertThat(denied.errorCode()).isEqualTo("AccessDenied");
      requestIds.add(denied.requestId());
      r = record(config, denied.requestId());
      assertManagementCall(r, "CreateUser", false);
      assertThat(r.at("/userIdentity/type").asText()).isEqualTo("IAMUser");
      assertThat(r.at("/userIdentity/userName").asText()).isEqualTo("alice");
      assertThat(r.at("/userIdentity/accessKeyId").asText()).isEqualTo(keyId);
      assertThat(r.path("errorCode").asText()).isEqualTo("AccessDenied");
      assertThat(r.path("errorMessage").asText()).contains("iam:CreateUser");
      assertThat(r.get("requestParameters").toString()).isEqualTo("{\"userName\":\"mallory\"}");
      assertThat(r.get("responseElements").isNull()).isTrue();
      assertThat(harness.server().identities().user(ACCOUNT, "mallory")).isEmpty();

      SdkSignedIam.Answer missing = root.call("GetUser", "UserName", "nobody");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.errorCode()).isEqualTo("NoSuchEntity");
      requestIds.add(missing.requestId());
      r = record(config, missing.requestId());
      assertManagementCall(r, "GetUser", true);
      assertThat(r.path("errorCode").asText()).isEqualTo("NoSuchEntity");
      assertThat(r.path("errorMessage").asText()).isEqualTo("The user with name nobody cannot be found.");
      assertThat(r.get("responseElements").isNull()).isTrue();

      SdkSignedIam.Answer update = root.call("UpdateAccessKey", "UserName", "alice", "AccessKeyId", keyId,
          "Status", "Inactive");
      assertThat(update.status()).isEqualTo(200);
      requestIds.add(update.requestId());
      r = record(config, update.requestId());
      assertManagementCall(r, "UpdateAccessKey", false);
      assertThat(r.get("requestParameters").toString())
          .isEqualTo("{\"accessKeyId\":\"" + keyId + "\",\"status\":\"Inactive\",\"userName\":\"alice\"}");
      assertThat(r.get("responseElements").isNull()).isTrue();
      assertThat(harness.server().identities().accessKey(keyId).orElseThrow().active()).isFalse();

      SdkSignedIam.Answer createRole = root.call("CreateRole", "RoleName", "TestRole",
          "AssumeRolePolicyDocument", SdkSignedIam.ACCOUNT_ROOT_TRUST);
      assertThat(createRole.status()).isEqualTo(200);
      requestIds.add(createRole.requestId());
      r = record(config, createRole.requestId());
      assertManagementCall(r, "CreateRole", false);
      assertThat(r.at("/requestParameters/assumeRolePolicyDocument").asText()).isEqualTo(SdkSignedIam.ACCOUNT_ROOT_TRUST);
      assertThat(r.at("/responseElements/role/arn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/TestRole");
      GoldenShapes.assertSameShape(r, "CreateRole.json", GoldenShapes.ENVELOPE_1_08, Set.of());

      SdkSignedIam.Answer getPolicy = root.call("GetUserPolicy", "UserName", "alice", "PolicyName", "encrypt-only");
      assertThat(getPolicy.status()).isEqualTo(200);
      requestIds.add(getPolicy.requestId());
      r = record(config, getPolicy.requestId());
      assertManagementCall(r, "GetUserPolicy", true);
      GoldenShapes.assertSameShape(r, "GetUserPolicy.json", Set.of("$.eventtype:string", "$.recipientaccountid:string"),
          Set.of());

      // One record per call, and no other IAM record.
      assertThat(iamRecords(config)).hasSize(iamRecordsBefore + requestIds.size());
      trail.flushLogFiles();
    }
    AuditTrailScan.assertNoLeaks(scan, config);
  }

  static void assertManagementCall(JsonNode r, String eventName, boolean readOnly) {
    assertThat(r.path("eventVersion").asText()).isEqualTo("1.08");
    assertThat(r.path("eventSource").asText()).isEqualTo("iam.amazonaws.com");
    assertThat(r.path("eventName").asText()).isEqualTo(eventName);
    assertThat(r.path("awsRegion").asText()).isEqualTo("us-east-1");
    assertThat(r.path("userAgent").asText()).startsWith("aws-sdk-java/2");
    assertThat(r.path("sourceIPAddress").asText()).isNotEmpty();
    assertThat(r.get("readOnly").isBoolean()).isTrue();
    assertThat(r.get("readOnly").booleanValue()).isEqualTo(readOnly);
    assertThat(r.path("eventType").asText()).isEqualTo("AwsApiCall");
    assertThat(r.get("managementEvent").booleanValue()).isTrue();
    assertThat(r.path("eventCategory").asText()).isEqualTo("Management");
    assertThat(r.path("recipientAccountId").asText()).isEqualTo(ACCOUNT);
    assertThat(r.path("eventID").asText()).isNotEmpty();
  }

  static List<JsonNode> iamRecords(TrailConfig config) throws Exception {
    return new EventLookup(config).records().stream()
        .filter(r -> "iam.amazonaws.com".equals(r.path("eventSource").asText())).toList();
  }

  static JsonNode record(TrailConfig config, String requestId) throws Exception {
    assertThat(requestId).isNotNull();
    List<JsonNode> matching = new EventLookup(config).records().stream()
        .filter(r -> requestId.equals(r.path("requestID").asText())).toList();
    assertThat(matching).as("records with requestID " + requestId).hasSize(1);
    return matching.get(0);
  }
}
