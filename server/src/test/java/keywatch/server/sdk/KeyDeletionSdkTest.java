package keywatch.server.sdk;

import static keywatch.server.sdk.KeywatchHarness.keyArn;
import static keywatch.server.sdk.SdkAssertions.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * A key pending deletion is deleted when its window ends, by the injected clock: each test has its
 * own server and clock and moves time forward instead of waiting.
 */
class KeyDeletionSdkTest {
  @TempDir
  Path dataDir;
  KeywatchHarness harness;
  KmsClient kms;

  @BeforeEach
  void start() throws Exception {
    harness = KeywatchHarness.start(dataDir);
    kms = harness.kms();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  KeyMetadata describe(String keyId) {
    return kms.describeKey(r -> r.keyId(keyId)).keyMetadata();
  }

  void assertGone(KeyMetadata key) {
    assertKmsError(() -> describe(key.keyId()), NotFoundException.class, "NotFoundException",
        "Key '" + keyArn(key.keyId()) + "' does not exist");
  }

  @Test
  void aKeyIsDeletedWhenItsSevenDayWindowEnds() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    SdkBytes blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("doomed"))).ciphertextBlob();
    String alias = "alias/doomed";
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    var scheduled = kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
    assertThat(scheduled.deletionDate()).isEqualTo(MutableClock.DEFAULT_START.plus(Duration.ofDays(7)));

    harness.clock().advance(Duration.ofDays(7).minusSeconds(1));
    assertThat(describe(key.keyId()).keyState()).isEqualTo(KeyState.PENDING_DELETION);

    harness.clock().advance(Duration.ofSeconds(1));
    assertGone(key);
    assertKmsError(() -> kms.decrypt(r -> r.ciphertextBlob(blob).keyId(key.keyId())), NotFoundException.class,
        "NotFoundException", "Key '" + key.arn() + "' does not exist");
    // Without a KeyId the ciphertext names a key that no longer exists: it can never be decrypted.
    assertKmsError(() -> kms.decrypt(r -> r.ciphertextBlob(blob)), InvalidCiphertextException.class,
        "InvalidCiphertextException", null);
    assertThat(kms.listKeys(r -> { }).keys()).extracting(KeyListEntry::keyId).doesNotContain(key.keyId());
    assertThat(kms.listAliases(r -> { }).aliases()).extracting(AliasListEntry::aliasName).doesNotContain(alias);
  }

  @Test
  void theDefaultWindowIsThirtyDays() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()));
    harness.clock().advance(Duration.ofDays(29));
    assertThat(describe(key.keyId()).keyState()).isEqualTo(KeyState.PENDING_DELETION);
    harness.clock().advance(Duration.ofDays(1));
    assertGone(key);
  }

  @Test
  void thirtyDaysIsHonouredToo() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(30));
    harness.clock().advance(Duration.ofDays(30).minusMillis(1));
    assertThat(describe(key.keyId()).keyState()).isEqualTo(KeyState.PENDING_DELETION);
    harness.clock().advance(Duration.ofMillis(1));
    assertGone(key);
  }

  @Test
  void theSweepDeletesKeysNobodyLooksAt() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    KeyMetadata kept = kms.createKey(r -> { }).keyMetadata();
    kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
    harness.clock().advance(Duration.ofDays(8));
    harness.server().sweep();
    assertThat(kms.listKeys(r -> { }).keys()).extracting(KeyListEntry::keyId).containsExactly(kept.keyId());
  }

  @Test
  void aCancelledDeletionKeepsTheKeyPastTheWindow() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    SdkBytes blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("saved"))
        .encryptionContext(Map.of("k", "v"))).ciphertextBlob();
    kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
    harness.clock().advance(Duration.ofDays(3));
    kms.cancelKeyDeletion(r -> r.keyId(key.keyId()));
    harness.clock().advance(Duration.ofDays(30));

    assertThat(describe(key.keyId()).keyState()).isEqualTo(KeyState.DISABLED);
    kms.enableKey(r -> r.keyId(key.keyId()));
    assertThat(kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("k", "v"))).plaintext().asUtf8String())
        .isEqualTo("saved");
  }
}
