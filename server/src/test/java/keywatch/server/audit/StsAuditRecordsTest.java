package keywatch.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.Role;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.trail.Trail;
import keywatch.trail.TrailConfig;
import keywatch.trail.lookup.EventLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * STS calls in the trail, made with the real SDK's StsClient: AssumeRole against the IAM User
 * Guide's documented record (by shape), never with the secret access key or the session token;
 * a refused AssumeRole recorded with AccessDenied.
 */
class StsAuditRecordsTest {
  @TempDir
  Path dataDir;

  @Test
  void assumeRole_isRecordedAsAwsDocumentsIt_withoutTheSecretOrTheSessionToken() throws Exception {
    AuditTrailScan scan = new AuditTrailScan();
    TrailConfig config;
    try (KeywatchHarness harness = KeywatchHarness.start(dataDir)) {
      scan.secret(harness.config().adminSecretAccessKey());
      Ids ids = new Ids(new SecureRandom());
      String account = KeywatchHarness.ACCOUNT;
      harness.server().identities().putRole(new Role(account, "pattern1-app-Pattern1ECSTaskRole", ids.roleId(),
          Instant.now(), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
              + account + ":root\"},\"Action\":\"sts:AssumeRole\"}]}", 3600, Map.of()));
      harness.server().identities().putRole(new Role(account, "nobody-may", ids.roleId(), Instant.now(),
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
          3600, Map.of()));
      String roleArn = "arn:aws:iam::" + account + ":role/pattern1-app-Pattern1ECSTaskRole";
      try (StsClient sts = StsClient.builder()
          .endpointOverride(URI.create(harness.server().endpoint()))
          .region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
              harness.config().adminAccessKeyId(), harness.config().adminSecretAccessKey())))
          .httpClientBuilder(ApacheHttpClient.builder())
          .build()) {
        AssumeRoleResponse r = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("task-1").durationSeconds(900));
        scan.secret(r.credentials().secretAccessKey());
        scan.secret(r.credentials().sessionToken());
        Trail trail = harness.server().trail().orElseThrow();
        config = trail.config();
        JsonNode record = record(config, r.responseMetadata().requestId());
        GoldenShapes.assertSameShape(record, "AssumeRole.json",
            Set.of("$.requestparameters.durationseconds:number"),
            Set.of("$.requestparameters.sourceidentity:string", "$.requestparameters.serialnumber:string",
                "$.responseelements.sourceidentity:string", "$.responseelements.credentials.sessiontoken:string",
                "$.sharedeventid:string"));
        assertThat(record.path("eventSource").asText()).isEqualTo("sts.amazonaws.com");
        assertThat(record.at("/requestParameters/roleArn").asText()).isEqualTo(roleArn);
        assertThat(record.at("/requestParameters/roleSessionName").asText()).isEqualTo("task-1");
        assertThat(record.at("/requestParameters/durationSeconds").asInt()).isEqualTo(900);
        assertThat(record.at("/responseElements/credentials/accessKeyId").asText()).isEqualTo(r.credentials().accessKeyId());
        assertThat(record.at("/responseElements/credentials").has("sessionToken")).isFalse();
        assertThat(record.at("/responseElements/credentials").has("secretAccessKey")).isFalse();
        assertThat(record.at("/responseElements/assumedRoleUser/arn").asText()).isEqualTo(r.assumedRoleUser().arn());
        assertThat(record.at("/resources/0/ARN").asText()).isEqualTo(roleArn);
        assertThat(record.at("/resources/0/type").asText()).isEqualTo("AWS::IAM::Role");
        assertThat(record.at("/userIdentity/type").asText()).isEqualTo("Root");

        StsException denied = null;
        try {
          sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + account + ":role/nobody-may").roleSessionName("not-trusted"));
        } catch (StsException e) {
          denied = e;
        }
        assertThat(denied).isNotNull();
        JsonNode refused = record(config, denied.requestId());
        assertThat(refused.path("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(refused.path("responseElements").isNull()).isTrue();
        trail.flushLogFiles();
      }
    }
    AuditTrailScan.assertNoLeaks(scan, config);
  }

  private static JsonNode record(TrailConfig config, String requestId) throws Exception {
    List<JsonNode> matching = new EventLookup(config).records().stream()
        .filter(r -> requestId.equals(r.path("requestID").asText())).toList();
    assertThat(matching).as("records with requestID " + requestId).hasSize(1);
    return matching.get(0);
  }
}
