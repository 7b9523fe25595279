package keywatch.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.trail.TrailConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The AWS SDK v2's own {@link IamClient}, unchanged but for the endpoint, against keywatch's IAM
 * API: the calls work as on AWS, and each one, the failed one included, is one record in the trail
 * under the request id the SDK saw.
 */
class IamSdkClientTest {
  @TempDir
  Path dataDir;

  @Test
  void theSdksIamClientWorksAndEveryCallIsRecorded() throws Exception {
    try (KeywatchHarness harness = KeywatchHarness.start(dataDir);
        IamClient iam = IamClient.builder()
            .endpointOverride(URI.create(harness.server().endpoint()))
            .region(Region.AWS_GLOBAL)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                harness.config().adminAccessKeyId(), harness.config().adminSecretAccessKey())))
            .build()) {
      TrailConfig config = harness.server().trail().orElseThrow().config();

      User carol = iam.createUser(b -> b.userName("carol")).user();
      assertThat(carol.arn()).isEqualTo("arn:aws:iam::" + KeywatchHarness.ACCOUNT + ":user/carol");
      CreateAccessKeyResponse key = iam.createAccessKey(b -> b.userName("carol"));
      assertThat(key.accessKey().status()).isEqualTo(StatusType.ACTIVE);
      iam.updateAccessKey(b -> b.userName("carol").accessKeyId(key.accessKey().accessKeyId()).status(StatusType.INACTIVE));
      assertThat(iam.listAccessKeys(b -> b.userName("carol")).accessKeyMetadata())
          .singleElement().satisfies(k -> assertThat(k.status()).isEqualTo(StatusType.INACTIVE));
      assertThat(iam.listUsers().users()).extracting(User::userName).contains("carol");
      NoSuchEntityException missing = org.junit.jupiter.api.Assertions.assertThrows(NoSuchEntityException.class,
          () -> iam.getUser(b -> b.userName("nobody")));

      List<JsonNode> records = IamAuditRecordsTest.iamRecords(config);
      assertThat(records).extracting(r -> r.path("eventName").asText())
          .containsExactly("CreateUser", "CreateAccessKey", "UpdateAccessKey", "ListAccessKeys", "ListUsers", "GetUser");
      assertThat(records.get(2).get("requestParameters").toString())
          .contains("\"accessKeyId\":\"" + key.accessKey().accessKeyId() + "\"").contains("\"status\":\"Inactive\"");
      // The record names the error the caller got, under the request id the SDK saw.
      assertThat(records.get(5).path("errorCode").asText()).isEqualTo(missing.awsErrorDetails().errorCode());
      assertThat(records.get(5).path("requestID").asText()).isEqualTo(missing.requestId());
      assertThat(records.toString()).doesNotContain(key.accessKey().secretAccessKey());
    }
  }
}
