package keywatch.server.sdk;

import static keywatch.server.sdk.KeywatchHarness.aliasArn;
import static keywatch.server.sdk.KeywatchHarness.keyArn;
import static keywatch.server.sdk.SdkAssertions.assertKmsError;
import static keywatch.server.sdk.SdkAssertions.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.InvalidMarkerException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * CreateKey, DescribeKey, ListKeys, UpdateKeyDescription, EnableKey, DisableKey,
 * ScheduleKeyDeletion and CancelKeyDeletion through the AWS SDK, and the key-state rules:
 * cryptography on a disabled key is DisabledException, on a key pending deletion
 * KMSInvalidStateException, each with AWS's message. Time-driven deletion is in KeyDeletionSdkTest.
 */
class KeyLifecycleSdkTest extends SdkTestBase {

  @Test
  void createKeyDefaultsToAnEnabledSymmetricEncryptionKey() {
    CreateKeyResponse created = kms.createKey(r -> r.description("orders"));
    KeyMetadata m = created.keyMetadata();

    assertThat(m.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(m.arn()).isEqualTo(keyArn(m.keyId()));
    assertThat(m.awsAccountId()).isEqualTo(KeywatchHarness.ACCOUNT);
    assertThat(m.description()).isEqualTo("orders");
    assertThat(m.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
    assertThat(m.keyUsage()).isEqualTo(KeyUsageType.ENCRYPT_DECRYPT);
    assertThat(m.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(m.enabled()).isTrue();
    assertThat(m.origin()).isEqualTo(OriginType.AWS_KMS);
    assertThat(m.keyManager()).isEqualTo(KeyManagerType.CUSTOMER);
    assertThat(m.multiRegion()).isFalse();
    assertThat(m.creationDate()).isEqualTo(harness.clock().instant());
    assertThat(m.encryptionAlgorithms()).containsExactly(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
    assertThat(m.deletionDate()).isNull();
  }

  @Test
  void createKeyReportsTheAlgorithmsOfEverySpec() {
    KeyMetadata rsaEnc = createKey(KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT);
    assertThat(rsaEnc.encryptionAlgorithms())
        .containsExactly(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256);
    assertThat(rsaEnc.signingAlgorithms()).isEmpty();

    KeyMetadata rsaSign = createKey(KeySpec.RSA_2048, KeyUsageType.SIGN_VERIFY);
    assertThat(rsaSign.signingAlgorithms()).containsExactly(
        SigningAlgorithmSpec.RSASSA_PSS_SHA_256, SigningAlgorithmSpec.RSASSA_PSS_SHA_384,
        SigningAlgorithmSpec.RSASSA_PSS_SHA_512, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256,
        SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_384, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512);
    assertThat(rsaSign.encryptionAlgorithms()).isEmpty();

    assertThat(createKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY).signingAlgorithms())
        .containsExactly(SigningAlgorithmSpec.ECDSA_SHA_256);
    assertThat(createKey(KeySpec.ECC_NIST_P384, KeyUsageType.SIGN_VERIFY).signingAlgorithms())
        .containsExactly(SigningAlgorithmSpec.ECDSA_SHA_384);
    assertThat(createKey(KeySpec.ECC_NIST_P521, KeyUsageType.SIGN_VERIFY).signingAlgorithms())
        .containsExactly(SigningAlgorithmSpec.ECDSA_SHA_512);

    KeyMetadata hmac = createKey(KeySpec.HMAC_384, KeyUsageType.GENERATE_VERIFY_MAC);
    assertThat(hmac.macAlgorithms()).containsExactly(MacAlgorithmSpec.HMAC_SHA_384);
    assertThat(hmac.keySpec()).isEqualTo(KeySpec.HMAC_384);
  }

  @Test
  void createKeyRefusesAUsageTheSpecDoesNotAllow() {
    assertValidation(() -> createKey(KeySpec.ECC_NIST_P256, KeyUsageType.ENCRYPT_DECRYPT),
        "The operation failed because the KeyUsage value of the CMK is ENCRYPT_DECRYPT."
            + " You can only use ECC_NIST_P256 keys for SIGN_VERIFY.");
  }

  @Test
  void describeKeyAcceptsKeyIdKeyArnAliasNameAndAliasArn() {
    KeyMetadata key = createSymmetricKey();
    String alias = uniqueAlias("describe");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));

    for (String name : List.of(key.keyId(), key.arn(), alias, aliasArn(alias))) {
      assertThat(kms.describeKey(r -> r.keyId(name)).keyMetadata().keyId()).as(name).isEqualTo(key.keyId());
    }
  }

  @Test
  void describeKeyOfAnUnknownKeyIsNotFound() {
    String missing = "00000000-0000-0000-0000-000000000000";
    assertKmsError(() -> kms.describeKey(r -> r.keyId(missing)), NotFoundException.class, "NotFoundException",
        "Key '" + keyArn(missing) + "' does not exist");
    assertKmsError(() -> kms.describeKey(r -> r.keyId("alias/no-such-alias")), NotFoundException.class,
        "NotFoundException", "Alias " + aliasArn("alias/no-such-alias") + " is not found.");
  }

  @Test
  void listKeysPagesWithLimitAndMarker() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(createSymmetricKey().keyId());
    }

    List<String> listed = new ArrayList<>();
    String marker = null;
    int pages = 0;
    do {
      String m = marker;
      ListKeysResponse page = kms.listKeys(r -> r.limit(2).marker(m));
      assertThat(page.keys()).hasSizeLessThanOrEqualTo(2);
      for (KeyListEntry e : page.keys()) {
        assertThat(e.keyArn()).isEqualTo(keyArn(e.keyId()));
        listed.add(e.keyId());
      }
      assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
      marker = page.nextMarker();
      pages++;
    } while (marker != null);

    assertThat(listed).doesNotHaveDuplicates().containsAll(created);
    assertThat(pages).isGreaterThanOrEqualTo(3);
    assertThat(kms.listKeys(r -> r.limit(1000)).keys()).extracting(KeyListEntry::keyId)
        .containsExactlyElementsOf(listed);
  }

  @Test
  void listKeysRefusesAForeignMarkerAndOutOfRangeLimits() {
    assertKmsError(() -> kms.listKeys(r -> r.marker("not-a-marker")), InvalidMarkerException.class,
        "InvalidMarkerException", "Invalid marker not-a-marker");
    assertValidation(() -> kms.listKeys(r -> r.limit(0)),
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
    assertValidation(() -> kms.listKeys(r -> r.limit(1001)),
        "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000");
  }

  @Test
  void updateKeyDescriptionReplacesTheDescription() {
    KeyMetadata key = kms.createKey(r -> r.description("before")).keyMetadata();
    kms.updateKeyDescription(r -> r.keyId(key.arn()).description("after"));
    assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().description()).isEqualTo("after");
    kms.updateKeyDescription(r -> r.keyId(key.keyId()).description(""));
    assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().description()).isEmpty();
  }

  @Test
  void keyManagementOperationsTakeKeyIdOrArnButNoAlias() {
    KeyMetadata key = createSymmetricKey();
    String alias = uniqueAlias("mgmt");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    assertKmsError(() -> kms.disableKey(r -> r.keyId(alias)), NotFoundException.class, "NotFoundException",
        "Invalid keyId " + alias);
  }

  @Test
  void operationsThatTakeNoAliasRefuseOne() {
    KeyMetadata key = createSymmetricKey();
    String alias = uniqueAlias("no-alias-here");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    String message = "Invalid keyId " + alias;
    List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = List.of(
        () -> kms.enableKey(r -> r.keyId(alias)),
        () -> kms.scheduleKeyDeletion(r -> r.keyId(alias)),
        () -> kms.cancelKeyDeletion(r -> r.keyId(alias)),
        () -> kms.updateKeyDescription(r -> r.keyId(alias).description("d")),
        () -> kms.enableKeyRotation(r -> r.keyId(alias)),
        () -> kms.getKeyRotationStatus(r -> r.keyId(alias)),
        () -> kms.rotateKeyOnDemand(r -> r.keyId(alias)),
        () -> kms.tagResource(r -> r.keyId(alias).tags(software.amazon.awssdk.services.kms.model.Tag.builder().tagKey("k").tagValue("v").build())),
        () -> kms.listResourceTags(r -> r.keyId(alias)),
        () -> kms.getKeyPolicy(r -> r.keyId(alias)),
        () -> kms.putKeyPolicy(r -> r.keyId(alias).policy(TagsAndPoliciesSdkTest.POLICY)),
        () -> kms.listKeyPolicies(r -> r.keyId(alias)));
    for (var call : calls) {
      assertKmsError(call, NotFoundException.class, "NotFoundException", message);
    }
  }

  @Test
  void anArnOfAnotherAccountOrRegionNamesNoKey() {
    KeyMetadata key = createSymmetricKey();
    String otherAccount = key.arn().replace(":111122223333:", ":444455556666:");
    String otherRegion = key.arn().replace(":us-east-1:", ":eu-west-1:");
    for (String arn : List.of(otherAccount, otherRegion)) {
      assertKmsError(() -> kms.describeKey(r -> r.keyId(arn)), NotFoundException.class, "NotFoundException",
          "Key '" + arn + "' does not exist");
    }
  }

  @Test
  void aDisabledKeyRefusesCryptographyWithDisabledExceptionUntilEnabled() {
    KeyMetadata key = createSymmetricKey();
    SdkBytes blob = encrypt(key.keyId(), "secret", Map.of());
    kms.disableKey(r -> r.keyId(key.keyId()));

    KeyMetadata m = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
    assertThat(m.keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(m.enabled()).isFalse();
    String message = key.arn() + " is disabled.";
    assertKmsError(() -> encrypt(key.keyId(), "x", Map.of()), DisabledException.class, "DisabledException", message);
    assertKmsError(() -> decrypt(blob, Map.of()), DisabledException.class, "DisabledException", message);
    assertKmsError(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)),
        DisabledException.class, "DisabledException", message);
    assertKmsError(() -> kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(createSymmetricKey().keyId())),
        DisabledException.class, "DisabledException", message);

    kms.enableKey(r -> r.keyId(key.arn()));
    assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(decrypt(blob, Map.of())).isEqualTo("secret");
  }

  @Test
  void disabledSigningAndMacKeysRefuseWithDisabledException() {
    KeyMetadata sign = createKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    KeyMetadata mac = createKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    kms.disableKey(r -> r.keyId(sign.keyId()));
    kms.disableKey(r -> r.keyId(mac.keyId()));

    assertKmsError(() -> kms.sign(r -> r.keyId(sign.keyId()).message(bytes("m"))
            .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256).messageType(MessageType.RAW)),
        DisabledException.class, "DisabledException", sign.arn() + " is disabled.");
    assertKmsError(() -> kms.getPublicKey(r -> r.keyId(sign.keyId())),
        DisabledException.class, "DisabledException", sign.arn() + " is disabled.");
    assertKmsError(() -> kms.generateMac(r -> r.keyId(mac.keyId()).message(bytes("m"))
            .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)),
        DisabledException.class, "DisabledException", mac.arn() + " is disabled.");
  }

  @Test
  void scheduleKeyDeletionDefaultsToThirtyDaysAndCancelLeavesTheKeyDisabled() {
    KeyMetadata key = createSymmetricKey();
    SdkBytes blob = encrypt(key.keyId(), "keep me", Map.of());

    var scheduled = kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()));
    assertThat(scheduled.keyId()).isEqualTo(key.arn());
    assertThat(scheduled.pendingWindowInDays()).isEqualTo(30);
    assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(scheduled.deletionDate()).isEqualTo(harness.clock().instant().plus(java.time.Duration.ofDays(30)));
    KeyMetadata m = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
    assertThat(m.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(m.pendingDeletionWindowInDays()).isEqualTo(30);
    assertThat(m.deletionDate()).isEqualTo(scheduled.deletionDate());

    var cancelled = kms.cancelKeyDeletion(r -> r.keyId(key.arn()));
    assertThat(cancelled.keyId()).isEqualTo(key.arn());
    m = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
    assertThat(m.keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(m.deletionDate()).isNull();
    kms.enableKey(r -> r.keyId(key.keyId()));
    assertThat(decrypt(blob, Map.of())).isEqualTo("keep me");
  }

  @Test
  void theDeletionWindowIsSevenToThirtyDays() {
    KeyMetadata seven = createSymmetricKey();
    assertThat(kms.scheduleKeyDeletion(r -> r.keyId(seven.keyId()).pendingWindowInDays(7)).pendingWindowInDays()).isEqualTo(7);
    KeyMetadata thirty = createSymmetricKey();
    assertThat(kms.scheduleKeyDeletion(r -> r.keyId(thirty.keyId()).pendingWindowInDays(30)).pendingWindowInDays()).isEqualTo(30);

    KeyMetadata key = createSymmetricKey();
    assertValidation(() -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(6)),
        "1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7");
    assertValidation(() -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(31)),
        "1 validation error detected: Value '31' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 30");
    assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
  }

  @Test
  void aKeyPendingDeletionRefusesCryptographyAndChangesWithKmsInvalidStateException() {
    KeyMetadata key = createSymmetricKey();
    SdkBytes blob = encrypt(key.keyId(), "secret", Map.of());
    kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
    String message = key.arn() + " is pending deletion.";

    assertKmsError(() -> encrypt(key.keyId(), "x", Map.of()),
        KmsInvalidStateException.class, "KMSInvalidStateException", message);
    assertKmsError(() -> decrypt(blob, Map.of()),
        KmsInvalidStateException.class, "KMSInvalidStateException", message);
    assertKmsError(() -> kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId()).numberOfBytes(16)),
        KmsInvalidStateException.class, "KMSInvalidStateException", message);
    assertKmsError(() -> kms.enableKey(r -> r.keyId(key.keyId())),
        KmsInvalidStateException.class, "KMSInvalidStateException", message);
    assertKmsError(() -> kms.disableKey(r -> r.keyId(key.keyId())),
        KmsInvalidStateException.class, "KMSInvalidStateException", message);
    assertKmsError(() -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId())),
        KmsInvalidStateException.class, "KMSInvalidStateException", message);
    assertKmsError(() -> kms.updateKeyDescription(r -> r.keyId(key.keyId()).description("d")),
        KmsInvalidStateException.class, "KMSInvalidStateException", message);

    KeyMetadata live = createSymmetricKey();
    assertKmsError(() -> kms.cancelKeyDeletion(r -> r.keyId(live.keyId())),
        KmsInvalidStateException.class, "KMSInvalidStateException", live.arn() + " is not pending deletion.");
  }

  @Test
  void aSigningKeyPendingDeletionRefusesWithKmsInvalidStateException() {
    KeyMetadata key = createKey(KeySpec.ECC_NIST_P384, KeyUsageType.SIGN_VERIFY);
    kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
    assertKmsError(() -> kms.sign(r -> r.keyId(key.keyId()).message(bytes("m"))
            .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_384)),
        KmsInvalidStateException.class, "KMSInvalidStateException", key.arn() + " is pending deletion.");
  }
}
