package keywatch.trail.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The builder's output against the shape of AWS's documented KMS CloudTrail examples
 * (AWS KMS Developer Guide, "Decrypt" CloudTrail log entries, ct-decrypt; values differ, shape must not).
 */
class CloudTrailRecordTest {
  // Field names, order and JSON types of the documented example, re-typed here (not copied) as a spec.
  private static final String DOCUMENTED_FAILED_DECRYPT_SHAPE = """
      {"eventVersion":"s","userIdentity":{"type":"s","principalId":"s","arn":"s","accountId":"s","accessKeyId":"s",
        "sessionContext":{"sessionIssuer":{"type":"s","principalId":"s","arn":"s","accountId":"s","userName":"s"},
        "webIdFederationData":{},"attributes":{"creationDate":"s","mfaAuthenticated":"s"}}},
       "eventTime":"s","eventSource":"s","eventName":"s","awsRegion":"s","sourceIPAddress":"s","userAgent":"s",
       "errorCode":"s","errorMessage":"s",
       "requestParameters":{"encryptionAlgorithm":"s","keyId":"s"},"responseElements":null,
       "requestID":"s","eventID":"s","readOnly":true,
       "resources":[{"accountId":"s","type":"s","ARN":"s"}],
       "eventType":"s","managementEvent":true,"recipientAccountId":"s","eventCategory":"s"}
      """;

  private static ObjectNode failedDecrypt() {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
    params.put("keyId", "some-random-false-key");
    return CloudTrailRecord.builder()
        .userIdentity(UserIdentity.assumedRole("111122223333", "pattern1-app-Pattern1ECSTaskRole", "AROAEXAMPLE",
            "task", "ASIAEXAMPLE", Instant.parse("2026-11-27T14:00:00Z"), false))
        .eventTime(Instant.parse("2026-11-27T15:00:00.123Z"))
        .eventName("Decrypt")
        .awsRegion("ap-southeast-2")
        .sourceIpAddress("192.0.2.0")
        .userAgent("aws-sdk-java")
        .error("IncorrectKeyException",
            "The key ID in the request does not identify a CMK that can perform this operation.")
        .requestParameters(params)
        .requestId("req-1")
        .readOnly(true)
        .kmsKeyResource("arn:aws:kms:ap-southeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        .build();
  }

  @Test
  void aFailedDecryptHasTheDocumentedFieldsOrderAndTypes() throws Exception {
    JsonNode expected = new ObjectMapper().readTree(DOCUMENTED_FAILED_DECRYPT_SHAPE);
    assertThat(JsonShape.of(failedDecrypt())).containsExactlyElementsOf(JsonShape.of(expected));
  }

  @Test
  void valuesFollowCloudTrailConventions() {
    ObjectNode r = failedDecrypt();
    assertThat(r.get("eventVersion").asText()).isEqualTo("1.08");
    assertThat(r.get("eventTime").asText()).isEqualTo("2026-11-27T15:00:00Z");
    assertThat(r.get("eventSource").asText()).isEqualTo("kms.amazonaws.com");
    assertThat(r.get("eventType").asText()).isEqualTo("AwsApiCall");
    assertThat(r.get("eventCategory").asText()).isEqualTo("Management");
    assertThat(r.get("recipientAccountId").asText()).isEqualTo("111122223333");
    assertThat(r.get("eventID").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    JsonNode id = r.get("userIdentity");
    assertThat(id.get("arn").asText()).isEqualTo("arn:aws:sts::111122223333:assumed-role/pattern1-app-Pattern1ECSTaskRole/task");
    assertThat(id.get("principalId").asText()).isEqualTo("AROAEXAMPLE:task");
    assertThat(id.at("/sessionContext/sessionIssuer/arn").asText())
        .isEqualTo("arn:aws:iam::111122223333:role/pattern1-app-Pattern1ECSTaskRole");
    assertThat(id.at("/sessionContext/attributes/mfaAuthenticated").asText()).isEqualTo("false");
    assertThat(r.get("resources").get(0).get("type").asText()).isEqualTo("AWS::KMS::Key");
  }

  @Test
  void iamUserAndRootIdentitiesHaveAwsShapes() {
    JsonNode user = UserIdentity.iamUser("111122223333", "AIDAEXAMPLE", "Alice", "AKIAEXAMPLE").toJson();
    assertThat(user.fieldNames()).toIterable()
        .containsExactly("type", "principalId", "arn", "accountId", "accessKeyId", "userName");
    assertThat(user.get("arn").asText()).isEqualTo("arn:aws:iam::111122223333:user/Alice");
    JsonNode root = UserIdentity.root("111122223333", null).toJson();
    assertThat(root.get("type").asText()).isEqualTo("Root");
    assertThat(root.get("arn").asText()).isEqualTo("arn:aws:iam::111122223333:root");
  }

  @Test
  void aSuccessfulCallHasNoErrorFieldsAndNullResponseElements() {
    ObjectNode r = CloudTrailRecord.builder()
        .userIdentity(UserIdentity.root("111122223333", null))
        .eventTime(Instant.parse("2026-11-27T15:00:00Z"))
        .eventName("Encrypt")
        .awsRegion("us-east-1")
        .readOnly(true)
        .build();
    assertThat(r.has("errorCode")).isFalse();
    assertThat(r.has("errorMessage")).isFalse();
    assertThat(r.get("responseElements").isNull()).isTrue();
    assertThat(r.has("resources")).isFalse();
  }
}
