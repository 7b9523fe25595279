package keywatch.server.sdk;

import static keywatch.server.sdk.SdkAssertions.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.ListResourceTagsResponse;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.TagException;

/** TagResource, UntagResource, ListResourceTags, GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. */
class TagsAndPoliciesSdkTest extends SdkTestBase {
  static final String POLICY = """
      {"Version":"2012-10-17","Id":"test-policy","Statement":[{"Sid":"Root","Effect":"Allow",\
      "Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}""";

  static Tag tag(String key, String value) {
    return Tag.builder().tagKey(key).tagValue(value).build();
  }

  @Test
  void tagsSetAtCreationAddedReplacedAndRemoved() {
    KeyMetadata key = kms.createKey(r -> r.tags(tag("team", "payments"), tag("env", "test"))).keyMetadata();
    assertThat(kms.listResourceTags(r -> r.keyId(key.keyId())).tags())
        .containsExactlyInAnyOrder(tag("team", "payments"), tag("env", "test"));

    kms.tagResource(r -> r.keyId(key.arn()).tags(tag("env", "prod"), tag("cost-center", "42")));
    assertThat(kms.listResourceTags(r -> r.keyId(key.arn())).tags())
        .containsExactlyInAnyOrder(tag("team", "payments"), tag("env", "prod"), tag("cost-center", "42"));

    kms.untagResource(r -> r.keyId(key.keyId()).tagKeys("team", "not-there"));
    ListResourceTagsResponse after = kms.listResourceTags(r -> r.keyId(key.keyId()));
    assertThat(after.tags()).containsExactlyInAnyOrder(tag("env", "prod"), tag("cost-center", "42"));
    assertThat(after.truncated()).isFalse();
  }

  @Test
  void listResourceTagsPages() {
    KeyMetadata key = kms.createKey(r -> r.tags(tag("a", "1"), tag("b", "2"), tag("c", "3"))).keyMetadata();
    List<Tag> all = new ArrayList<>();
    String marker = null;
    do {
      String m = marker;
      ListResourceTagsResponse page = kms.listResourceTags(r -> r.keyId(key.keyId()).limit(2).marker(m));
      all.addAll(page.tags());
      marker = page.nextMarker();
    } while (marker != null);
    assertThat(all).containsExactlyInAnyOrder(tag("a", "1"), tag("b", "2"), tag("c", "3"));
  }

  @Test
  void reservedTagKeysAndTooManyTagsAreTagException() {
    KeyMetadata key = createSymmetricKey();
    assertKmsError(() -> kms.tagResource(r -> r.keyId(key.keyId()).tags(tag("aws:owner", "me"))),
        TagException.class, "TagException", "Tag keys beginning with 'aws:' are reserved for AWS use");
    List<Tag> fiftyOne = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      fiftyOne.add(tag("k" + i, "v"));
    }
    assertKmsError(() -> kms.tagResource(r -> r.keyId(key.keyId()).tags(fiftyOne)),
        TagException.class, "TagException", "A KMS key can have at most 50 tags");
  }

  @Test
  void aKeyPendingDeletionCannotBeTagged() {
    KeyMetadata key = createSymmetricKey();
    kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
    assertKmsError(() -> kms.tagResource(r -> r.keyId(key.keyId()).tags(tag("k", "v"))),
        KmsInvalidStateException.class, "KMSInvalidStateException", key.arn() + " is pending deletion.");
  }

  @Test
  void aNewKeyHasTheDefaultPolicyNamedDefault() {
    KeyMetadata key = createSymmetricKey();
    var policy = kms.getKeyPolicy(r -> r.keyId(key.keyId()).policyName("default"));
    assertThat(policy.policyName()).isEqualTo("default");
    assertThat(policy.policy()).contains("\"Id\" : \"key-default-1\"", "arn:aws:iam::111122223333:root", "kms:*");
    assertThat(kms.getKeyPolicy(r -> r.keyId(key.arn())).policy()).isEqualTo(policy.policy());

    var names = kms.listKeyPolicies(r -> r.keyId(key.keyId()));
    assertThat(names.policyNames()).containsExactly("default");
    assertThat(names.truncated()).isFalse();
  }

  @Test
  void putKeyPolicyReplacesThePolicyAndCreateKeyTakesOne() {
    KeyMetadata key = createSymmetricKey();
    kms.putKeyPolicy(r -> r.keyId(key.keyId()).policyName("default").policy(POLICY));
    assertThat(kms.getKeyPolicy(r -> r.keyId(key.keyId())).policy()).isEqualTo(POLICY);

    KeyMetadata withPolicy = kms.createKey(r -> r.policy(POLICY)).keyMetadata();
    assertThat(kms.getKeyPolicy(r -> r.keyId(withPolicy.arn())).policy()).isEqualTo(POLICY);
  }

  @Test
  void aBrokenPolicyIsMalformedPolicyDocumentAndIsNotStored() {
    KeyMetadata key = createSymmetricKey();
    String before = kms.getKeyPolicy(r -> r.keyId(key.keyId())).policy();

    // JSON syntax errors carry the parser's description after AWS's sentence.
    assertThat(catchThrowableOfType(MalformedPolicyDocumentException.class,
        () -> kms.putKeyPolicy(r -> r.keyId(key.keyId()).policy("{\"Statement\": [")))
        .awsErrorDetails().errorMessage()).startsWith("Syntax errors in policy.");
    assertKmsError(() -> kms.putKeyPolicy(r -> r.keyId(key.keyId()).policy("{\"Version\":\"2012-10-17\"}")),
        MalformedPolicyDocumentException.class, "MalformedPolicyDocumentException",
        "Missing required field Statement.");
    assertKmsError(() -> kms.putKeyPolicy(r -> r.keyId(key.keyId()).policy(
            "{\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")),
        MalformedPolicyDocumentException.class, "MalformedPolicyDocumentException",
        "Invalid effect: \"Maybe\". Effect must be \"Allow\" or \"Deny\" (statement #1).");
    assertThat(catchThrowableOfType(MalformedPolicyDocumentException.class,
        () -> kms.createKey(r -> r.policy("not json")))
        .awsErrorDetails().errorMessage()).startsWith("Syntax errors in policy.");

    assertThat(kms.getKeyPolicy(r -> r.keyId(key.keyId())).policy()).isEqualTo(before);
  }

  @Test
  void aPolicyNameOtherThanDefaultIsNotFound() {
    KeyMetadata key = createSymmetricKey();
    assertKmsError(() -> kms.getKeyPolicy(r -> r.keyId(key.keyId()).policyName("other")),
        NotFoundException.class, "NotFoundException", "No such policy exists: other");
  }
}
