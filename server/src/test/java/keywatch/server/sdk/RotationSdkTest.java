package keywatch.server.sdk;

import static keywatch.server.sdk.SdkAssertions.assertKmsError;
import static keywatch.server.sdk.SdkAssertions.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.ListKeyRotationsResponse;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand and
 * ListKeyRotations. Rotation keeps every earlier backing key, so every old ciphertext still
 * decrypts; automatic rotation happens when the clock passes NextRotationDate.
 */
class RotationSdkTest {
  static final Map<String, String> CONTEXT = Map.of("app", "rotation");

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

  SdkBytes encrypt(String keyId, String plaintext) {
    return kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String(plaintext)).encryptionContext(CONTEXT)).ciphertextBlob();
  }

  String decrypt(SdkBytes blob) {
    return kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT)).plaintext().asUtf8String();
  }

  /** The backing-key version a symmetric ciphertext names (docs/ciphertext-format.md, version 1). */
  static int backingKeyVersion(SdkBytes blob) {
    byte[] b = blob.asByteArray();
    return ByteBuffer.wrap(b, 2 + b[1], 4).getInt();
  }

  @Test
  void enableKeyRotationDefaultsTo365DaysAndDisableStopsIt() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    GetKeyRotationStatusResponse off = kms.getKeyRotationStatus(r -> r.keyId(key.keyId()));
    assertThat(off.keyRotationEnabled()).isFalse();
    assertThat(off.nextRotationDate()).isNull();

    kms.enableKeyRotation(r -> r.keyId(key.arn()));
    GetKeyRotationStatusResponse on = kms.getKeyRotationStatus(r -> r.keyId(key.arn()));
    assertThat(on.keyRotationEnabled()).isTrue();
    assertThat(on.keyId()).isEqualTo(key.arn());
    assertThat(on.rotationPeriodInDays()).isEqualTo(365);
    assertThat(on.nextRotationDate()).isEqualTo(MutableClock.DEFAULT_START.plus(Duration.ofDays(365)));

    kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(90));
    assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).rotationPeriodInDays()).isEqualTo(90);

    kms.disableKeyRotation(r -> r.keyId(key.keyId()));
    assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled()).isFalse();
  }

  @Test
  void theRotationPeriodIs90To2560Days() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(2560));
    assertValidation(() -> kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(89)),
        "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90");
    assertValidation(() -> kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(2561)),
        "1 validation error detected: Value '2561' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 2560");
  }

  @Test
  void rotateKeyOnDemandKeepsOldCiphertextsDecryptable() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    SdkBytes before = encrypt(key.keyId(), "before");
    assertThat(backingKeyVersion(before)).isZero();

    harness.clock().advance(Duration.ofHours(1));
    assertThat(kms.rotateKeyOnDemand(r -> r.keyId(key.arn())).keyId()).isEqualTo(key.keyId());
    SdkBytes after = encrypt(key.keyId(), "after");
    assertThat(backingKeyVersion(after)).isEqualTo(1);
    assertThat(decrypt(before)).isEqualTo("before");
    assertThat(decrypt(after)).isEqualTo("after");

    ListKeyRotationsResponse rotations = kms.listKeyRotations(r -> r.keyId(key.keyId()));
    assertThat(rotations.rotations()).hasSize(1);
    RotationsListEntry entry = rotations.rotations().get(0);
    assertThat(entry.keyId()).isEqualTo(key.keyId());
    assertThat(entry.rotationType()).isEqualTo(RotationType.ON_DEMAND);
    assertThat(entry.rotationDate()).isEqualTo(MutableClock.DEFAULT_START.plus(Duration.ofHours(1)));
    assertThat(rotations.truncated()).isFalse();
  }

  @Test
  void automaticRotationHappensWhenTheClockPassesNextRotationDate() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(90));
    Instant first = kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).nextRotationDate();
    SdkBytes v0 = encrypt(key.keyId(), "generation 0");

    harness.clock().advance(Duration.ofDays(90).minusSeconds(1));
    assertThat(backingKeyVersion(encrypt(key.keyId(), "not yet"))).isZero();

    harness.clock().advance(Duration.ofSeconds(1));
    SdkBytes v1 = encrypt(key.keyId(), "generation 1");
    assertThat(backingKeyVersion(v1)).isEqualTo(1);
    assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).nextRotationDate()).isEqualTo(first.plus(Duration.ofDays(90)));

    // a long pause (200 days): one rotation for each period that ended (days 180 and 270), each
    // dated when it was due, and the next date is the first one still ahead
    harness.clock().advance(Duration.ofDays(200));
    SdkBytes v2 = encrypt(key.keyId(), "generation 2");
    assertThat(backingKeyVersion(v2)).isEqualTo(3);
    assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).nextRotationDate()).isEqualTo(first.plus(Duration.ofDays(270)));

    assertThat(decrypt(v0)).isEqualTo("generation 0");
    assertThat(decrypt(v1)).isEqualTo("generation 1");
    assertThat(decrypt(v2)).isEqualTo("generation 2");
    assertThat(kms.listKeyRotations(r -> r.keyId(key.keyId())).rotations())
        .extracting(RotationsListEntry::rotationType)
        .containsExactly(RotationType.AUTOMATIC, RotationType.AUTOMATIC, RotationType.AUTOMATIC);
    assertThat(kms.listKeyRotations(r -> r.keyId(key.keyId())).rotations())
        .extracting(RotationsListEntry::rotationDate)
        .containsExactly(first, first.plus(Duration.ofDays(90)), first.plus(Duration.ofDays(180)));

    kms.disableKeyRotation(r -> r.keyId(key.keyId()));
    harness.clock().advance(Duration.ofDays(1000));
    assertThat(backingKeyVersion(encrypt(key.keyId(), "no more"))).isEqualTo(3);
  }

  @Test
  void onDemandRotationIsLimitedToTenAndListKeyRotationsPages() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    List<SdkBytes> blobs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      blobs.add(encrypt(key.keyId(), "v" + i));
      kms.rotateKeyOnDemand(r -> r.keyId(key.keyId()));
    }
    assertKmsError(() -> kms.rotateKeyOnDemand(r -> r.keyId(key.keyId())), LimitExceededException.class,
        "LimitExceededException", "You have exceeded the maximum number of on-demand rotations (10) for " + key.arn() + ".");
    for (int i = 0; i < 10; i++) {
      assertThat(decrypt(blobs.get(i))).isEqualTo("v" + i);
    }

    List<RotationsListEntry> all = new ArrayList<>();
    String marker = null;
    do {
      String m = marker;
      ListKeyRotationsResponse page = kms.listKeyRotations(r -> r.keyId(key.keyId()).limit(4).marker(m));
      assertThat(page.rotations()).hasSizeLessThanOrEqualTo(4);
      all.addAll(page.rotations());
      marker = page.nextMarker();
    } while (marker != null);
    assertThat(all).hasSize(10).allMatch(e -> e.rotationType() == RotationType.ON_DEMAND);
  }

  @Test
  void onlySymmetricEncryptionKeysRotateAndOnlyWhenEnabled() {
    KeyMetadata hmac = kms.createKey(r -> r.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata();
    String message = hmac.arn() + " key spec HMAC_256 does not support key rotation; only symmetric encryption keys rotate.";
    assertKmsError(() -> kms.enableKeyRotation(r -> r.keyId(hmac.keyId())), UnsupportedOperationException.class,
        "UnsupportedOperationException", message);
    assertKmsError(() -> kms.rotateKeyOnDemand(r -> r.keyId(hmac.keyId())), UnsupportedOperationException.class,
        "UnsupportedOperationException", message);
    assertKmsError(() -> kms.getKeyRotationStatus(r -> r.keyId(hmac.keyId())), UnsupportedOperationException.class,
        "UnsupportedOperationException", message);

    KeyMetadata disabled = kms.createKey(r -> { }).keyMetadata();
    kms.disableKey(r -> r.keyId(disabled.keyId()));
    assertKmsError(() -> kms.rotateKeyOnDemand(r -> r.keyId(disabled.keyId())), DisabledException.class,
        "DisabledException", disabled.arn() + " is disabled.");
  }
}
