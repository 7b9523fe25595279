package keywatch.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The request side: case-insensitive keys, derived global keys, and who counts as the root. */
class RequestContextTest {

    @Test
    void conditionKeysAreCaseInsensitiveAndMultiValued() {
        RequestContext r = new RequestContext(null, null, null, "kms:Encrypt", null,
                Map.of("KMS:EncryptionContextKeys", List.of("a", "b"), "kms:encryptioncontextkeys", List.of("c")));
        assertThat(r.values("kms:ENCRYPTIONCONTEXTKEYS")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(r.values("aws:SourceIp")).isNull();
    }

    @Test
    void principalKeysAreDerivedAndASessionsPrincipalArnIsItsRole() {
        RequestContext r = RequestContext.builder()
                .principalArn("arn:aws:sts::111122223333:assumed-role/app/task-1")
                .principalIdentifier("arn:aws:sts::111122223333:assumed-role/app/task-1")
                .principalIdentifier("arn:aws:iam::111122223333:role/service-role/app")
                .principalAccount("111122223333").action("kms:Decrypt").build();
        assertThat(r.values("aws:PrincipalArn")).containsExactly("arn:aws:iam::111122223333:role/service-role/app");
        assertThat(r.values("aws:PrincipalAccount")).containsExactly("111122223333");
        assertThat(r.values("kms:CallerAccount")).containsExactly("111122223333");
        assertThat(r.isAccountRoot()).isFalse();
    }

    @Test
    void anExplicitKeyIsNotOverwrittenByTheDerivedOne() {
        RequestContext r = new RequestContext("arn:aws:iam::111122223333:user/a", Set.of(), "111122223333", "kms:Encrypt",
                null, Map.of("kms:CallerAccount", List.of("999999999999")));
        assertThat(r.values("kms:calleraccount")).containsExactly("999999999999");
    }

    @Test
    void onlyTheRootArnOfTheCallersOwnAccountIsTheRoot() {
        assertThat(root("arn:aws:iam::111122223333:root", "111122223333")).isTrue();
        assertThat(root("arn:aws-cn:iam::111122223333:root", "111122223333")).isTrue();
        assertThat(root("arn:aws:iam::444455556666:root", "111122223333")).isFalse();
        assertThat(root("arn:aws:sts::111122223333:root", "111122223333")).isFalse();
        assertThat(root("arn:aws:iam::111122223333:user/root", "111122223333")).isFalse();
        assertThat(root("111122223333:root", "111122223333")).isFalse();
        assertThat(root(null, "111122223333")).isFalse();
    }

    private static boolean root(String arn, String account) {
        return new RequestContext(arn, Set.of(), account, "kms:Encrypt", null, null).isAccountRoot();
    }
}
