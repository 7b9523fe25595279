package keywatch.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.trail.TrailConfig;
import keywatch.trail.lookup.EventLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Audited or refused, end to end: once the trail cannot record (here: it was closed under the
 * running server, which makes every append throw TrailUnavailableException), every call is answered
 * KMSInternalException (500), and after a restart the keys are exactly as they were: no change was
 * made without its record, and no result left the process.
 */
class AuditedOrRefusedTest {
  @TempDir
  Path dataDir;

  @Test
  void whenTheTrailCannotRecord_callsFailWithKmsInternalException_andChangeNothing() throws Exception {
    try (KeywatchHarness harness = KeywatchHarness.start(dataDir)) {
      KmsClient kms = harness.kms();
      KeyMetadata key = kms.createKey(b -> b.description("before")).keyMetadata();
      String keyId = key.keyId();
      int keysBefore = kms.listKeys().keys().size();
      TrailConfig trailConfig = harness.server().trail().orElseThrow().config();
      int recordsBefore = new EventLookup(trailConfig).records().size();

      harness.server().trail().orElseThrow().close();

      List<String> refusedRequestIds = new ArrayList<>();
      List<Consumer<KmsClient>> calls = List.of(
          c -> c.createKey(b -> b.description("never")),
          c -> c.disableKey(b -> b.keyId(keyId)),
          c -> c.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7)),
          c -> c.updateKeyDescription(b -> b.keyId(keyId).description("after")),
          c -> c.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy(
              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                  + KeywatchHarness.ACCOUNT + ":root\"},\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}]}")
              .bypassPolicyLockoutSafetyCheck(true)),
          c -> c.createAlias(b -> b.aliasName("alias/never").targetKeyId(keyId)),
          c -> c.tagResource(b -> b.keyId(keyId).tags(t -> t.tagKey("never").tagValue("x"))),
          c -> c.enableKeyRotation(b -> b.keyId(keyId)),
          c -> c.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("no ciphertext may leave"))),
          c -> c.describeKey(b -> b.keyId(keyId)));
      for (Consumer<KmsClient> call : calls) {
        try {
          call.accept(kms);
          throw new AssertionError("a call succeeded although the trail could not record it");
        } catch (KmsException e) {
          assertThat(e.statusCode()).isEqualTo(500);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("KMSInternalException");
          refusedRequestIds.add(e.requestId());
        }
      }

      harness.restart();
      kms = harness.kms();
      KeyMetadata after = kms.describeKey(b -> b.keyId(keyId)).keyMetadata();
      assertThat(after.keyState()).isEqualTo(KeyState.ENABLED);
      assertThat(after.description()).isEqualTo("before");
      assertThat(kms.getKeyRotationStatus(b -> b.keyId(keyId)).keyRotationEnabled()).isFalse();
      assertThat(kms.listResourceTags(b -> b.keyId(keyId)).tags()).isEmpty();
      assertThat(kms.listAliases().aliases()).noneMatch(a -> a.aliasName().equals("alias/never"));
      assertThat(kms.getKeyPolicy(b -> b.keyId(keyId).policyName("default")).policy()).contains("kms:*");
      assertThat(kms.listKeys().keys()).hasSize(keysBefore);

      List<JsonNode> records = new EventLookup(trailConfig).records();
      assertThat(records).noneMatch(r -> refusedRequestIds.contains(r.path("requestID").asText()));
      // The restarted server records again: before + the reads just made.
      assertThat(records.size()).isGreaterThan(recordsBefore);
    }
  }
}
