package keywatch.server.sdk;

import static keywatch.server.sdk.SdkAssertions.assertKmsError;
import static keywatch.server.sdk.SdkAssertions.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import keywatch.iam.principal.AccessKey;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.Role;
import keywatch.iam.principal.RoleSession;
import keywatch.iam.principal.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantRequest;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.GrantConstraints;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.InvalidGrantIdException;
import software.amazon.awssdk.services.kms.model.InvalidGrantTokenException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant through the AWS SDK,
 * and what grants do to authorization: a principal the key policy and its identity policies do
 * not allow is allowed at once by a grant that names it, within the grant's operations and
 * encryption-context constraints, and denied again at once when the grant is revoked or retired.
 * An explicit deny in a policy still wins over a grant.
 */
class GrantsSdkTest extends SdkTestBase {
  static final Ids IDS = new Ids(new SecureRandom());
  static final Map<String, String> CONTEXT = Map.of("purpose", "test");

  /** An IAM user with no policies, and an SDK client signing as it. */
  record Caller(String arn, KmsClient kms) {}

  static Caller newUser(Map<String, String> policies) {
    IdentityStore identities = harness.server().identities();
    String name = "grantee-" + IDS.userId().substring(4, 12).toLowerCase();
    Instant now = harness.clock().instant();
    identities.putUser(new User(KeywatchHarness.ACCOUNT, name, IDS.userId(), now, policies));
    String id = IDS.accessKeyId();
    String secret = IDS.secretAccessKey();
    identities.putAccessKey(new AccessKey(id, KeywatchHarness.ACCOUNT, name, true, now, secret));
    return new Caller("arn:aws:iam::" + KeywatchHarness.ACCOUNT + ":user/" + name,
        KeywatchHarness.client(harness.server().endpoint(), id, secret));
  }

  static Caller newUser() {
    return newUser(Map.of());
  }

  static CreateGrantResponse grant(String keyId, String grantee, Function<CreateGrantRequest.Builder, CreateGrantRequest.Builder> more,
      GrantOperation... ops) {
    return kms.createGrant(more.apply(CreateGrantRequest.builder().keyId(keyId).granteePrincipal(grantee).operations(ops)).build());
  }

  static SdkBytes encryptAs(Caller c, String keyId, Map<String, String> context) {
    return c.kms().encrypt(r -> r.keyId(keyId).plaintext(bytes("secret")).encryptionContext(context)).ciphertextBlob();
  }

  /**
   * AccessDeniedException is not in the KMS service model, so the SDK raises the service's base
   * class with that code; the message names the action.
   */
  static KmsException assertDenied(Runnable call, String action) {
    Throwable t = catchThrowable(call::run);
    assertThat(t).isExactlyInstanceOf(KmsException.class);
    KmsException e = (KmsException) t;
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorMessage()).contains("is not authorized to perform: kms:" + action + " on resource: ");
    return e;
  }

  @Test
  void aGrantAllowsAtOnceAndRevokingItDeniesAtOnce() {
    Caller user = newUser();
    KeyMetadata key = createSymmetricKey();
    assertDenied(() -> encryptAs(user, key.keyId(), Map.of()), "Encrypt");

    CreateGrantResponse g = grant(key.keyId(), user.arn(), b -> b, GrantOperation.ENCRYPT, GrantOperation.DECRYPT);
    assertThat(g.grantId()).matches("[0-9a-f]{64}");
    assertThat(g.grantToken()).isNotBlank();

    // Effective at once, with or without the token (keywatch is strongly consistent).
    SdkBytes blob = encryptAs(user, key.keyId(), Map.of());
    SdkBytes withToken = user.kms().encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("t")).grantTokens(g.grantToken()))
        .ciphertextBlob();
    assertThat(user.kms().decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("secret");
    assertThat(user.kms().decrypt(r -> r.ciphertextBlob(withToken).grantTokens(g.grantToken())).plaintext().asUtf8String())
        .isEqualTo("t");
    // Only the operations granted.
    assertDenied(() -> user.kms().describeKey(r -> r.keyId(key.keyId())), "DescribeKey");
    assertDenied(() -> user.kms().generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(32)), "GenerateDataKey");
    // Only the key granted.
    KeyMetadata other = createSymmetricKey();
    assertDenied(() -> encryptAs(user, other.keyId(), Map.of()), "Encrypt");

    kms.revokeGrant(r -> r.keyId(key.keyId()).grantId(g.grantId()));
    assertDenied(() -> encryptAs(user, key.keyId(), Map.of()), "Encrypt");
    assertDenied(() -> user.kms().decrypt(r -> r.ciphertextBlob(blob)), "Decrypt");
  }

  @Test
  void retiringTheGrantDeniesAtOnce() {
    Caller grantee = newUser();
    Caller retirer = newUser();
    KeyMetadata key = createSymmetricKey();
    CreateGrantResponse g = grant(key.keyId(), grantee.arn(), b -> b.retiringPrincipal(retirer.arn()),
        GrantOperation.ENCRYPT);
    encryptAs(grantee, key.keyId(), Map.of());
    // The grantee may not retire a grant that does not allow it RetireGrant; the retiring principal may.
    assertDenied(() -> grantee.kms().retireGrant(r -> r.grantToken(g.grantToken())), "RetireGrant");
    retirer.kms().retireGrant(r -> r.grantToken(g.grantToken()));
    assertDenied(() -> encryptAs(grantee, key.keyId(), Map.of()), "Encrypt");
    assertKmsError(() -> retirer.kms().retireGrant(r -> r.grantToken(g.grantToken())), NotFoundException.class,
        "NotFoundException", "Grant ID " + g.grantId() + " not found");
  }

  @Test
  void aGranteeWithRetireGrantRetiresByKeyAndGrantId() {
    Caller grantee = newUser();
    KeyMetadata key = createSymmetricKey();
    CreateGrantResponse g = grant(key.keyId(), grantee.arn(), b -> b, GrantOperation.ENCRYPT, GrantOperation.RETIRE_GRANT);
    grantee.kms().retireGrant(r -> r.keyId(key.arn()).grantId(g.grantId()));
    assertThat(kms.listGrants(r -> r.keyId(key.keyId())).grants()).isEmpty();
    assertDenied(() -> encryptAs(grantee, key.keyId(), Map.of()), "Encrypt");
  }

  @Test
  void theKeysAccountRetiresAnyGrantAndOthersCannotRevoke() {
    Caller grantee = newUser();
    Caller stranger = newUser();
    KeyMetadata key = createSymmetricKey();
    CreateGrantResponse g = grant(key.keyId(), grantee.arn(), b -> b, GrantOperation.ENCRYPT);
    assertDenied(() -> stranger.kms().revokeGrant(r -> r.keyId(key.keyId()).grantId(g.grantId())), "RevokeGrant");
    assertDenied(() -> stranger.kms().retireGrant(r -> r.grantToken(g.grantToken())), "RetireGrant");
    assertDenied(() -> grantee.kms().revokeGrant(r -> r.keyId(key.keyId()).grantId(g.grantId())), "RevokeGrant");
    kms.retireGrant(r -> r.keyId(key.keyId()).grantId(g.grantId()));
    assertThat(kms.listGrants(r -> r.keyId(key.keyId())).grants()).isEmpty();
  }

  @Test
  void identityPoliciesMayDelegateOrDenyRetireGrant() {
    Caller grantee = newUser();
    Caller delegate = newUser(Map.of("retire", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:RetireGrant","Resource":"*"}]}"""));
    Caller barred = newUser(Map.of("no-retire", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"kms:RetireGrant","Resource":"*"}]}"""));
    KeyMetadata key = createSymmetricKey();
    CreateGrantResponse first = grant(key.keyId(), grantee.arn(), b -> b.retiringPrincipal(barred.arn()),
        GrantOperation.ENCRYPT);
    // Named as retiring principal, but a policy denies it kms:RetireGrant: the deny wins.
    assertDenied(() -> barred.kms().retireGrant(r -> r.grantToken(first.grantToken())), "RetireGrant");
    // Not named in the grant, but its account delegated kms:RetireGrant to it.
    delegate.kms().retireGrant(r -> r.grantToken(first.grantToken()));
    assertThat(kms.listGrants(r -> r.keyId(key.keyId())).grants()).isEmpty();
  }

  @Test
  void encryptionContextEqualsAllowsOnlyThatExactContext() {
    Caller user = newUser();
    KeyMetadata key = createSymmetricKey();
    grant(key.keyId(), user.arn(), b -> b.constraints(GrantConstraints.builder().encryptionContextEquals(CONTEXT).build()),
        GrantOperation.ENCRYPT, GrantOperation.DECRYPT);

    SdkBytes blob = encryptAs(user, key.keyId(), CONTEXT);
    assertThat(user.kms().decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT)).plaintext().asUtf8String())
        .isEqualTo("secret");
    assertDenied(() -> encryptAs(user, key.keyId(), Map.of()), "Encrypt");
    assertDenied(() -> encryptAs(user, key.keyId(), Map.of("purpose", "test", "extra", "1")), "Encrypt");
    assertDenied(() -> encryptAs(user, key.keyId(), Map.of("purpose", "Test")), "Encrypt");
    assertDenied(() -> encryptAs(user, key.keyId(), Map.of("Purpose", "test")), "Encrypt");
    SdkBytes other = encrypt(key.keyId(), "x", Map.of("purpose", "other"));
    assertDenied(() -> user.kms().decrypt(r -> r.ciphertextBlob(other).encryptionContext(Map.of("purpose", "other"))),
        "Decrypt");
  }

  @Test
  void encryptionContextSubsetAllowsContextsThatContainIt() {
    Caller user = newUser();
    KeyMetadata key = createSymmetricKey();
    grant(key.keyId(), user.arn(), b -> b.constraints(GrantConstraints.builder().encryptionContextSubset(CONTEXT).build()),
        GrantOperation.ENCRYPT, GrantOperation.GENERATE_DATA_KEY);

    encryptAs(user, key.keyId(), CONTEXT);
    encryptAs(user, key.keyId(), Map.of("purpose", "test", "tenant", "42"));
    user.kms().generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(32).encryptionContext(CONTEXT));
    assertDenied(() -> encryptAs(user, key.keyId(), Map.of()), "Encrypt");
    assertDenied(() -> encryptAs(user, key.keyId(), Map.of("tenant", "42")), "Encrypt");
    assertDenied(() -> encryptAs(user, key.keyId(), Map.of("purpose", "prod", "tenant", "42")), "Encrypt");
  }

  @Test
  void anExplicitDenyInAPolicyBeatsAGrant() {
    Caller user = newUser(Map.of("no-decrypt", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}]}"""));
    KeyMetadata key = createSymmetricKey();
    grant(key.keyId(), user.arn(), b -> b, GrantOperation.ENCRYPT, GrantOperation.DECRYPT);
    SdkBytes blob = encryptAs(user, key.keyId(), Map.of());
    KmsException e = assertDenied(() -> user.kms().decrypt(r -> r.ciphertextBlob(blob)), "Decrypt");
    assertThat(e.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in a resource-based or identity-based policy");
  }

  @Test
  void aGrantToARoleCoversItsSessions() {
    IdentityStore identities = harness.server().identities();
    String roleName = "grant-role-" + IDS.roleId().substring(4, 10).toLowerCase();
    Instant now = harness.clock().instant();
    Role role = new Role(KeywatchHarness.ACCOUNT, roleName, IDS.roleId(), now,
        "{\"Version\":\"2012-10-17\",\"Statement\":[]}", Role.DEFAULT_MAX_SESSION_SECONDS, Map.of());
    identities.putRole(role);
    RoleSession session = new RoleSession(IDS.sessionAccessKeyId(), KeywatchHarness.ACCOUNT, roleName, role.roleId(),
        "app", now, now.plus(Duration.ofHours(1)), IDS.secretAccessKey(), IDS.sessionToken());
    identities.putSession(session);
    try (KmsClient asRole = KmsClient.builder()
        .endpointOverride(URI.create(harness.server().endpoint()))
        .region(Region.US_EAST_1)
        .httpClientBuilder(ApacheHttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
            session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))
        .build()) {
      KeyMetadata key = createSymmetricKey();
      assertDenied(() -> asRole.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("x"))), "Encrypt");
      grant(key.keyId(), role.arn(), b -> b, GrantOperation.ENCRYPT);
      asRole.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("x")));

      // A grant to one session covers that session only.
      KeyMetadata other = createSymmetricKey();
      grant(other.keyId(), "arn:aws:sts::" + KeywatchHarness.ACCOUNT + ":assumed-role/" + roleName + "/other",
          b -> b, GrantOperation.ENCRYPT);
      assertDenied(() -> asRole.encrypt(r -> r.keyId(other.keyId()).plaintext(bytes("x"))), "Encrypt");
    }
  }

  @Test
  void aGranteeMayPassOnOnlyWhatItHolds() {
    Caller first = newUser();
    Caller second = newUser();
    KeyMetadata key = createSymmetricKey();
    grant(key.keyId(), first.arn(), b -> b.constraints(GrantConstraints.builder().encryptionContextSubset(CONTEXT).build()),
        GrantOperation.ENCRYPT, GrantOperation.CREATE_GRANT);

    // Fewer operations and a stricter constraint: allowed.
    first.kms().createGrant(r -> r.keyId(key.keyId()).granteePrincipal(second.arn()).operations(GrantOperation.ENCRYPT)
        .constraints(c -> c.encryptionContextEquals(Map.of("purpose", "test", "tenant", "1"))));
    encryptAs(second, key.keyId(), Map.of("purpose", "test", "tenant", "1"));
    // An operation it does not hold, or a looser constraint: denied.
    assertDenied(() -> first.kms().createGrant(r -> r.keyId(key.keyId()).granteePrincipal(second.arn())
        .operations(GrantOperation.DECRYPT).constraints(c -> c.encryptionContextSubset(CONTEXT))), "CreateGrant");
    assertDenied(() -> first.kms().createGrant(r -> r.keyId(key.keyId()).granteePrincipal(second.arn())
        .operations(GrantOperation.ENCRYPT)), "CreateGrant");
  }

  @Test
  void createGrantAndRevokeGrantAreGovernedByPoliciesAndTheGrantConditionKeys() {
    Caller grantee = newUser();
    Caller admin = newUser(Map.of("grant-admin", """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"kms:CreateGrant","Resource":"*","Condition":{
            "ForAllValues:StringEquals":{"kms:GrantOperations":["Encrypt","Decrypt"]},
            "StringEquals":{"kms:GranteePrincipal":"%s"},
            "Bool":{"kms:GrantIsForAWSResource":"false"}}},
          {"Effect":"Allow","Action":"kms:RevokeGrant","Resource":"*"}]}""".formatted(grantee.arn())));
    Caller stranger = newUser();
    KeyMetadata key = createSymmetricKey();

    String id = admin.kms().createGrant(r -> r.keyId(key.keyId()).granteePrincipal(grantee.arn())
        .operations(GrantOperation.ENCRYPT)).grantId();
    encryptAs(grantee, key.keyId(), Map.of());
    assertDenied(() -> admin.kms().createGrant(r -> r.keyId(key.keyId()).granteePrincipal(grantee.arn())
        .operations(GrantOperation.ENCRYPT, GrantOperation.GENERATE_DATA_KEY)), "CreateGrant");
    assertDenied(() -> admin.kms().createGrant(r -> r.keyId(key.keyId()).granteePrincipal(stranger.arn())
        .operations(GrantOperation.ENCRYPT)), "CreateGrant");
    assertDenied(() -> stranger.kms().createGrant(r -> r.keyId(key.keyId()).granteePrincipal(stranger.arn())
        .operations(GrantOperation.ENCRYPT)), "CreateGrant");

    admin.kms().revokeGrant(r -> r.keyId(key.keyId()).grantId(id));
    assertDenied(() -> encryptAs(grantee, key.keyId(), Map.of()), "Encrypt");
  }

  @Test
  void listGrantsShowsEveryFieldAndPages() {
    Caller user = newUser();
    Caller retirer = newUser();
    KeyMetadata key = createSymmetricKey();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      ids.add(grant(key.keyId(), user.arn(), b -> b.name("grant-" + n).retiringPrincipal(retirer.arn())
          .constraints(GrantConstraints.builder().encryptionContextSubset(CONTEXT).build()),
          GrantOperation.DECRYPT, GrantOperation.ENCRYPT).grantId());
    }

    List<GrantListEntry> all = new ArrayList<>();
    String marker = null;
    int pages = 0;
    do {
      String m = marker;
      ListGrantsResponse page = kms.listGrants(r -> r.keyId(key.keyId()).limit(2).marker(m));
      assertThat(page.grants()).hasSizeLessThanOrEqualTo(2);
      assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
      all.addAll(page.grants());
      marker = page.nextMarker();
      pages++;
    } while (marker != null);
    assertThat(pages).isEqualTo(3);
    assertThat(all).extracting(GrantListEntry::grantId).containsExactlyInAnyOrderElementsOf(ids);

    // Grants created in the same instant list in a stable but unspecified order.
    GrantListEntry e = all.stream().filter(x -> "grant-0".equals(x.name())).findFirst().orElseThrow();
    assertThat(e.keyId()).isEqualTo(key.arn());
    assertThat(e.granteePrincipal()).isEqualTo(user.arn());
    assertThat(e.retiringPrincipal()).isEqualTo(retirer.arn());
    assertThat(e.issuingAccount()).isEqualTo("arn:aws:iam::" + KeywatchHarness.ACCOUNT + ":root");
    assertThat(e.operations()).containsExactly(GrantOperation.DECRYPT, GrantOperation.ENCRYPT);
    assertThat(e.constraints().encryptionContextSubset()).isEqualTo(CONTEXT);
    assertThat(e.constraints().hasEncryptionContextEquals()).isFalse();
    assertThat(e.creationDate()).isEqualTo(harness.clock().instant());

    // Filters: one grant id, one grantee.
    String oneId = e.grantId();
    assertThat(kms.listGrants(r -> r.keyId(key.keyId()).grantId(oneId)).grants()).extracting(GrantListEntry::grantId)
        .containsExactly(oneId);
    assertThat(kms.listGrants(r -> r.keyId(key.arn()).granteePrincipal(retirer.arn())).grants()).isEmpty();
    // The default page is 50; the limit is at most 100.
    assertValidation(() -> kms.listGrants(r -> r.keyId(key.keyId()).limit(101)),
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");

    // ListRetirableGrants: the grants the retiring principal may retire, across keys, paged.
    KeyMetadata second = createSymmetricKey();
    String onSecond = grant(second.keyId(), user.arn(), b -> b.retiringPrincipal(retirer.arn()), GrantOperation.ENCRYPT)
        .grantId();
    List<GrantListEntry> retirable = new ArrayList<>();
    marker = null;
    do {
      String m = marker;
      var page = kms.listRetirableGrants(r -> r.retiringPrincipal(retirer.arn()).limit(4).marker(m));
      retirable.addAll(page.grants());
      marker = page.nextMarker();
    } while (marker != null);
    assertThat(retirable).extracting(GrantListEntry::grantId).containsExactlyInAnyOrderElementsOf(
        concat(ids, onSecond));
    assertThat(kms.listRetirableGrants(r -> r.retiringPrincipal(user.arn())).grants()).isEmpty();
  }

  static Set<String> concat(Set<String> s, String one) {
    Set<String> out = new HashSet<>(s);
    out.add(one);
    return out;
  }

  @Test
  void createGrantIsIdempotentByName() {
    Caller user = newUser();
    KeyMetadata key = createSymmetricKey();
    CreateGrantResponse a = grant(key.keyId(), user.arn(), b -> b.name("once"), GrantOperation.ENCRYPT);
    CreateGrantResponse b2 = grant(key.keyId(), user.arn(), b -> b.name("once"), GrantOperation.ENCRYPT);
    assertThat(b2.grantId()).isEqualTo(a.grantId());
    assertThat(b2.grantToken()).isNotEqualTo(a.grantToken());
    // Different parameters under the same name make a new grant.
    CreateGrantResponse c = grant(key.keyId(), user.arn(), b -> b.name("once"), GrantOperation.DECRYPT);
    assertThat(c.grantId()).isNotEqualTo(a.grantId());
    assertThat(kms.listGrants(r -> r.keyId(key.keyId())).grants()).hasSize(2);
    // Either token retires the grant.
    kms.retireGrant(r -> r.grantToken(b2.grantToken()));
    assertThat(kms.listGrants(r -> r.keyId(key.keyId())).grants()).extracting(GrantListEntry::grantId)
        .containsExactly(c.grantId());
  }

  @Test
  void badTokensIdsAndPrincipalsAreAwsErrors() {
    Caller user = newUser();
    KeyMetadata key = createSymmetricKey();
    CreateGrantResponse g = grant(key.keyId(), user.arn(), b -> b, GrantOperation.ENCRYPT);

    assertKmsError(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("x")).grantTokens("not-a-token")),
        InvalidGrantTokenException.class, "InvalidGrantTokenException", "Invalid grant token.");
    String tampered = g.grantToken().substring(0, 10) + (g.grantToken().charAt(10) == 'A' ? 'B' : 'A')
        + g.grantToken().substring(11);
    assertKmsError(() -> kms.retireGrant(r -> r.grantToken(tampered)),
        InvalidGrantTokenException.class, "InvalidGrantTokenException", "Invalid grant token.");
    assertValidation(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("x"))
            .grantTokens(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"))),
        "1 validation error detected: Value '[a, b, c, d, e, f, g, h, i, j, k]' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10");
    assertKmsError(() -> kms.revokeGrant(r -> r.keyId(key.keyId()).grantId("abc")),
        InvalidGrantIdException.class, "InvalidGrantIdException", "Invalid grant ID abc");
    String unknown = "0".repeat(64);
    assertKmsError(() -> kms.revokeGrant(r -> r.keyId(key.keyId()).grantId(unknown)),
        NotFoundException.class, "NotFoundException", "Grant ID " + unknown + " not found");
    // A grant id is looked for on the key named, not on any key.
    KeyMetadata other = createSymmetricKey();
    assertKmsError(() -> kms.revokeGrant(r -> r.keyId(other.keyId()).grantId(g.grantId())),
        NotFoundException.class, "NotFoundException", "Grant ID " + g.grantId() + " not found");
    assertKmsError(() -> grant(key.keyId(), "bob", b -> b, GrantOperation.ENCRYPT),
        InvalidArnException.class, "InvalidArnException", "ARN does not refer to a valid principal: bob");
    assertValidation(() -> grant(key.keyId(), user.arn(), b -> b.name("no spaces"), GrantOperation.ENCRYPT),
        "1 validation error detected: Value 'no spaces' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
    assertValidation(() -> kms.retireGrant(r -> r.keyId(key.keyId())),
        "Grant token OR (grant ID, key ID) must be specified");
    assertValidation(() -> kms.createGrant(r -> r.keyId(key.keyId()).granteePrincipal(user.arn())),
        "1 validation error detected: Value null at 'operations' failed to satisfy constraint: Member must not be null");
  }

  @Test
  void createGrantChecksTheKeyOperationsAndConstraints() {
    Caller user = newUser();
    KeyMetadata symmetric = createSymmetricKey();
    KeyMetadata signing = createKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);

    assertValidation(() -> grant(symmetric.keyId(), user.arn(), b -> b, GrantOperation.SIGN),
        "Grant operations [Sign] are not valid for " + symmetric.arn()
            + ", whose key spec is SYMMETRIC_DEFAULT and key usage ENCRYPT_DECRYPT.");
    assertValidation(() -> grant(signing.keyId(), user.arn(),
            b -> b.constraints(GrantConstraints.builder().encryptionContextSubset(CONTEXT).build()),
            GrantOperation.SIGN, GrantOperation.DESCRIBE_KEY),
        "Encryption context grant constraints are not supported for operations [Sign] with " + signing.arn() + ".");
    // A signing grant works for its operations.
    grant(signing.keyId(), user.arn(), b -> b, GrantOperation.SIGN, GrantOperation.GET_PUBLIC_KEY);
    user.kms().getPublicKey(r -> r.keyId(signing.keyId()));

    // DryRun: would succeed, so 412 DryRunOperationException, and nothing created.
    Throwable t = catchThrowable(() -> grant(symmetric.keyId(), user.arn(), b -> b.dryRun(true), GrantOperation.ENCRYPT));
    assertThat(t).isExactlyInstanceOf(DryRunOperationException.class);
    assertThat(((DryRunOperationException) t).statusCode()).isEqualTo(412);
    assertThat(kms.listGrants(r -> r.keyId(symmetric.keyId())).grants()).isEmpty();

    // Not on a key pending deletion; unknown keys are NotFoundException.
    kms.scheduleKeyDeletion(r -> r.keyId(symmetric.keyId()).pendingWindowInDays(7));
    assertKmsError(() -> grant(symmetric.keyId(), user.arn(), b -> b, GrantOperation.ENCRYPT),
        KmsInvalidStateException.class, "KMSInvalidStateException", symmetric.arn() + " is pending deletion.");
    String missing = "11111111-2222-3333-4444-555555555555";
    assertKmsError(() -> grant(missing, user.arn(), b -> b, GrantOperation.ENCRYPT), NotFoundException.class,
        "NotFoundException", "Key '" + KeywatchHarness.keyArn(missing) + "' does not exist");
  }

  @Test
  void grantsSurviveARestartAndGoWithTheirKey(@TempDir java.nio.file.Path dir) throws Exception {
    try (KeywatchHarness own = KeywatchHarness.start(dir)) {
      IdentityStore identities = own.server().identities();
      Instant now = own.clock().instant();
      identities.putUser(new User(KeywatchHarness.ACCOUNT, "restart-grantee", IDS.userId(), now, Map.of()));
      String id = IDS.accessKeyId();
      String secret = IDS.secretAccessKey();
      identities.putAccessKey(new AccessKey(id, KeywatchHarness.ACCOUNT, "restart-grantee", true, now, secret));
      String arn = "arn:aws:iam::" + KeywatchHarness.ACCOUNT + ":user/restart-grantee";

      String keyId = own.kms().createKey(r -> { }).keyMetadata().keyId();
      CreateGrantResponse g = own.kms().createGrant(r -> r.keyId(keyId).granteePrincipal(arn).retiringPrincipal(arn)
          .operations(GrantOperation.ENCRYPT).constraints(c -> c.encryptionContextEquals(CONTEXT)).name("kept"));

      own.restart();
      try (KmsClient user = KeywatchHarness.client(own.server().endpoint(), id, secret)) {
        List<GrantListEntry> grants = own.kms().listGrants(r -> r.keyId(keyId)).grants();
        assertThat(grants).hasSize(1);
        GrantListEntry e = grants.get(0);
        assertThat(e.grantId()).isEqualTo(g.grantId());
        assertThat(e.name()).isEqualTo("kept");
        assertThat(e.constraints().encryptionContextEquals()).isEqualTo(CONTEXT);
        user.encrypt(r -> r.keyId(keyId).plaintext(bytes("x")).encryptionContext(CONTEXT).grantTokens(g.grantToken()));
        assertDenied(() -> user.encrypt(r -> r.keyId(keyId).plaintext(bytes("x"))), "Encrypt");

        // The key's deletion takes its grants with it.
        own.kms().scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
        assertThat(own.kms().listRetirableGrants(r -> r.retiringPrincipal(arn)).grants()).hasSize(1);
        own.clock().advance(Duration.ofDays(7));
        own.server().sweep();
        assertThat(own.kms().listRetirableGrants(r -> r.retiringPrincipal(arn)).grants()).isEmpty();
        own.restart();
        assertThat(own.kms().listRetirableGrants(r -> r.retiringPrincipal(arn)).grants()).isEmpty();
      }
    }
  }
}
