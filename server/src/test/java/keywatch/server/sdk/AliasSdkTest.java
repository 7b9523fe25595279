package keywatch.server.sdk;

import static keywatch.server.sdk.KeywatchHarness.aliasArn;
import static keywatch.server.sdk.SdkAssertions.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.InvalidAliasNameException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.ListAliasesResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** CreateAlias, UpdateAlias, DeleteAlias and ListAliases through the AWS SDK. */
class AliasSdkTest extends SdkTestBase {

  @Test
  void anAliasNamesItsKeyForCryptographyByNameAndByArn() {
    KeyMetadata key = createSymmetricKey();
    String alias = uniqueAlias("orders");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.arn()));

    SdkBytes byName = encrypt(alias, "by name", Map.of());
    SdkBytes byArn = encrypt(aliasArn(alias), "by arn", Map.of());
    assertThat(kms.decrypt(r -> r.ciphertextBlob(byName).keyId(alias)).plaintext().asUtf8String()).isEqualTo("by name");
    assertThat(kms.decrypt(r -> r.ciphertextBlob(byArn).keyId(aliasArn(alias))).plaintext().asUtf8String()).isEqualTo("by arn");
    assertThat(kms.encrypt(r -> r.keyId(alias).plaintext(bytes("x"))).keyId()).isEqualTo(key.arn());
  }

  @Test
  void listAliasesShowsTheAliasesOfAKeyWithTheirDates() {
    KeyMetadata key = createSymmetricKey();
    String a = uniqueAlias("a");
    String b = uniqueAlias("b");
    kms.createAlias(r -> r.aliasName(a).targetKeyId(key.keyId()));
    kms.createAlias(r -> r.aliasName(b).targetKeyId(key.keyId()));

    List<AliasListEntry> aliases = kms.listAliases(r -> r.keyId(key.keyId())).aliases();
    assertThat(aliases).extracting(AliasListEntry::aliasName).containsExactlyInAnyOrder(a, b);
    for (AliasListEntry e : aliases) {
      assertThat(e.aliasArn()).isEqualTo(aliasArn(e.aliasName()));
      assertThat(e.targetKeyId()).isEqualTo(key.keyId());
      assertThat(e.creationDate()).isEqualTo(harness.clock().instant());
      assertThat(e.lastUpdatedDate()).isEqualTo(harness.clock().instant());
    }
    assertThat(kms.listAliases(r -> r.keyId(key.arn())).aliases()).hasSize(2);
  }

  @Test
  void listAliasesPagesWithLimitAndMarker() {
    KeyMetadata key = createSymmetricKey();
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String alias = uniqueAlias("page");
      kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
      created.add(alias);
    }
    List<String> listed = new ArrayList<>();
    String marker = null;
    do {
      String m = marker;
      ListAliasesResponse page = kms.listAliases(r -> r.limit(1).marker(m));
      assertThat(page.aliases()).hasSize(1);
      listed.add(page.aliases().get(0).aliasName());
      assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
      marker = page.nextMarker();
    } while (marker != null);
    assertThat(listed).doesNotHaveDuplicates().containsAll(created).isSorted();
  }

  @Test
  void aDuplicateAliasIsAlreadyExists() {
    KeyMetadata key = createSymmetricKey();
    String alias = uniqueAlias("dup");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    KeyMetadata other = createSymmetricKey();
    assertKmsError(() -> kms.createAlias(r -> r.aliasName(alias).targetKeyId(other.keyId())),
        AlreadyExistsException.class, "AlreadyExistsException",
        "An alias with the name " + aliasArn(alias) + " already exists");
    assertThat(kms.describeKey(r -> r.keyId(alias)).keyMetadata().keyId()).isEqualTo(key.keyId());
  }

  @Test
  void aliasNamesAreChecked() {
    KeyMetadata key = createSymmetricKey();
    assertKmsError(() -> kms.createAlias(r -> r.aliasName("no-prefix").targetKeyId(key.keyId())),
        InvalidAliasNameException.class, "InvalidAliasNameException",
        "Alias must start with the prefix \"alias/\" followed by a name.");
    assertKmsError(() -> kms.createAlias(r -> r.aliasName("alias/aws/mine").targetKeyId(key.keyId())),
        InvalidAliasNameException.class, "InvalidAliasNameException",
        "Alias names that begin with alias/aws/ are reserved for AWS managed keys.");
    assertKmsError(() -> kms.createAlias(r -> r.aliasName("alias/has space").targetKeyId(key.keyId())),
        KmsException.class, "ValidationException",
        "1 validation error detected: Value 'alias/has space' at 'aliasName' failed to satisfy constraint:"
            + " Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
    String alias = uniqueAlias("target");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    assertKmsError(() -> kms.createAlias(r -> r.aliasName(uniqueAlias("x")).targetKeyId(alias)),
        NotFoundException.class, "NotFoundException", "Invalid keyId " + alias);
  }

  @Test
  void updateAliasPointsTheAliasAtAnotherKeyOfTheSameType() {
    KeyMetadata first = createSymmetricKey();
    KeyMetadata second = createSymmetricKey();
    String alias = uniqueAlias("moving");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(first.keyId()));
    SdkBytes underFirst = encrypt(alias, "first", Map.of());

    kms.updateAlias(r -> r.aliasName(alias).targetKeyId(second.arn()));
    assertThat(kms.describeKey(r -> r.keyId(alias)).keyMetadata().keyId()).isEqualTo(second.keyId());
    assertThat(kms.encrypt(r -> r.keyId(alias).plaintext(bytes("second"))).keyId()).isEqualTo(second.arn());
    assertThat(decrypt(underFirst, Map.of())).isEqualTo("first");

    KeyMetadata hmac = createKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    assertKmsError(() -> kms.updateAlias(r -> r.aliasName(alias).targetKeyId(hmac.keyId())),
        KmsException.class, "ValidationException",
        "The new target key " + hmac.arn() + " must be the same type and have the same key usage as the current target key "
            + second.arn() + ".");
    assertKmsError(() -> kms.updateAlias(r -> r.aliasName("alias/never-created").targetKeyId(first.keyId())),
        NotFoundException.class, "NotFoundException", "Alias " + aliasArn("alias/never-created") + " is not found.");
  }

  @Test
  void anAliasCannotNameAKeyPendingDeletion() {
    KeyMetadata live = createSymmetricKey();
    KeyMetadata doomed = createSymmetricKey();
    kms.scheduleKeyDeletion(r -> r.keyId(doomed.keyId()).pendingWindowInDays(7));
    String message = doomed.arn() + " is pending deletion.";
    assertKmsError(() -> kms.createAlias(r -> r.aliasName(uniqueAlias("doomed")).targetKeyId(doomed.keyId())),
        software.amazon.awssdk.services.kms.model.KmsInvalidStateException.class, "KMSInvalidStateException", message);
    String alias = uniqueAlias("live");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(live.keyId()));
    assertKmsError(() -> kms.updateAlias(r -> r.aliasName(alias).targetKeyId(doomed.keyId())),
        software.amazon.awssdk.services.kms.model.KmsInvalidStateException.class, "KMSInvalidStateException", message);
  }

  @Test
  void deleteAliasRemovesTheNameButNotTheKey() {
    KeyMetadata key = createSymmetricKey();
    String alias = uniqueAlias("gone");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    kms.deleteAlias(r -> r.aliasName(alias));

    assertKmsError(() -> kms.describeKey(r -> r.keyId(alias)), NotFoundException.class, "NotFoundException",
        "Alias " + aliasArn(alias) + " is not found.");
    assertKmsError(() -> kms.deleteAlias(r -> r.aliasName(alias)), NotFoundException.class, "NotFoundException",
        "Alias " + aliasArn(alias) + " is not found.");
    assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyId()).isEqualTo(key.keyId());
    assertThat(kms.listAliases(r -> r.keyId(key.keyId())).aliases()).isEmpty();
  }
}
