package keywatch.iam.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import keywatch.iam.authz.Authorizer;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.Principal;
import keywatch.iam.principal.SecretWrapping;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IAM query protocol without HTTP: the XML AWS's clients parse (namespace, Result element,
 * ResponseMetadata, ErrorResponse), percent-encoded policy documents, and IAM's error codes and
 * statuses. The AWS CLI round trip is in the server module's tests.
 */
class IamProtocolTest {
  static final String ACCOUNT = "111122223333";
  static final Principal ROOT = new Principal.Root(ACCOUNT);
  static final Authorizer.Call CALL = new Authorizer.Call("127.0.0.1", "us-east-1", Map.of());

  IdentityStore identities;
  IamProtocol iam;

  /** A fresh identity store in an in-memory H2 database, for this package's tests. */
  static IdentityStore inMemoryIdentities() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    // The real wrapping (AES-GCM under the root key) is the server's; any reversible one serves here.
    SecretWrapping reversed = new SecretWrapping() {
      @Override
      public byte[] wrap(byte[] secret, String purpose) {
        return new StringBuilder(new String(secret, StandardCharsets.UTF_8)).reverse().toString().getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public byte[] unwrap(byte[] wrapped, String purpose) {
        return wrap(wrapped, purpose);
      }
    };
    return new IdentityStore(ds, reversed);
  }

  @BeforeEach
  void store() {
    identities = inMemoryIdentities();
    Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00.123Z"), ZoneOffset.UTC);
    iam = new IamProtocol(identities, new Authorizer(identities, clock), new Ids(new SecureRandom()), clock);
  }

  IamResponse call(Principal caller, String... nameValues) {
    Map<String, String> params = new HashMap<>();
    params.put("Version", IamProtocol.VERSION);
    for (int i = 0; i < nameValues.length; i += 2) {
      params.put(nameValues[i], nameValues[i + 1]);
    }
    return iam.handle(params, caller, CALL);
  }

  static String body(IamResponse r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void createUserAnswersInIamsEnvelope() {
    IamResponse r = call(ROOT, "Action", "CreateUser", "UserName", "alice");
    assertThat(r.httpStatus()).isEqualTo(200);
    assertThat(body(r))
        .startsWith("<CreateUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><CreateUserResult><User>"
            + "<Path>/</Path><UserName>alice</UserName><UserId>AIDA")
        .contains("<Arn>arn:aws:iam::111122223333:user/alice</Arn><CreateDate>2026-11-27T12:00:00Z</CreateDate></User>"
            + "</CreateUserResult><ResponseMetadata><RequestId>" + r.requestId() + "</RequestId></ResponseMetadata>"
            + "</CreateUserResponse>");
    // Actions without a result answer with the metadata alone.
    IamResponse deleted = call(ROOT, "Action", "DeleteUser", "UserName", "alice");
    assertThat(body(deleted)).isEqualTo("<DeleteUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
        + "<ResponseMetadata><RequestId>" + deleted.requestId() + "</RequestId></ResponseMetadata></DeleteUserResponse>");
    assertThat(identities.user(ACCOUNT, "alice")).isEmpty();
  }

  @Test
  void errorsCarryIamsCodeStatusAndMessage() {
    IamResponse r = call(ROOT, "Action", "GetUser", "UserName", "bob");
    assertThat(r.httpStatus()).isEqualTo(404);
    assertThat(body(r)).isEqualTo("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>"
        + "<Code>NoSuchEntity</Code><Message>The user with name bob cannot be found.</Message></Error><RequestId>"
        + r.requestId() + "</RequestId></ErrorResponse>");
    assertThat(call(ROOT, "Action", "Frobnicate").errorCode()).isEqualTo("InvalidAction");
    assertThat(call(ROOT).errorCode()).isEqualTo("MissingAction");
    IamResponse bad = call(ROOT, "Action", "CreateUser", "UserName", "a b");
    assertThat(bad.httpStatus()).isEqualTo(400);
    assertThat(bad.errorMessage()).isEqualTo("1 validation error detected: Value 'a b' at 'userName' failed to satisfy "
        + "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    assertThat(call(ROOT, "Action", "CreateUser", "UserName", "x".repeat(65)).errorCode()).isEqualTo("ValidationError");
    call(ROOT, "Action", "CreateUser", "UserName", "carl");
    IamResponse dup = call(ROOT, "Action", "CreateUser", "UserName", "Carl");
    assertThat(dup.httpStatus()).isEqualTo(409);
    assertThat(dup.errorCode()).isEqualTo("EntityAlreadyExists");
  }

  @Test
  void policyDocumentsGoOutPercentEncoded() {
    call(ROOT, "Action", "CreateUser", "UserName", "alice");
    String doc = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"kms:*\", \"Resource\": \"*\"}]}";
    assertThat(call(ROOT, "Action", "PutUserPolicy", "UserName", "alice", "PolicyName", "p", "PolicyDocument", doc).httpStatus())
        .isEqualTo(200);
    assertThat(body(call(ROOT, "Action", "GetUserPolicy", "UserName", "alice", "PolicyName", "p")))
        .contains("<UserName>alice</UserName><PolicyName>p</PolicyName><PolicyDocument>"
            + "%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%5B%7B%22Effect%22%3A%20%22Allow%22");
    assertThat(keywatch.iam.query.QueryXml.percentEncode("a+b c/é~")).isEqualTo("a%2Bb%20c%2F%C3%A9~");
  }

  @Test
  void callersNeedAnIdentityPolicyExceptTheRoot() {
    call(ROOT, "Action", "CreateUser", "UserName", "bob");
    Principal bob = identities.user(ACCOUNT, "bob").orElseThrow().principal();
    IamResponse denied = call(bob, "Action", "CreateUser", "UserName", "eve");
    assertThat(denied.httpStatus()).isEqualTo(403);
    assertThat(denied.errorCode()).isEqualTo("AccessDenied");
    assertThat(denied.errorMessage()).isEqualTo("User: arn:aws:iam::111122223333:user/bob is not authorized to perform: "
        + "iam:CreateUser on resource: arn:aws:iam::111122223333:user/eve because no identity-based policy allows the "
        + "iam:CreateUser action");
    call(ROOT, "Action", "PutUserPolicy", "UserName", "bob", "PolicyName", "p", "PolicyDocument",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Deny\",\"Action\":\"iam:DeleteUser\",\"Resource\":\"*\"}]}");
    assertThat(call(bob, "Action", "CreateUser", "UserName", "eve").httpStatus()).isEqualTo(200);
    assertThat(call(bob, "Action", "DeleteUser", "UserName", "eve").errorMessage())
        .endsWith("with an explicit deny in an identity-based policy");
  }

  @Test
  void theSecretIsAnsweredOnlyByCreateAccessKey() {
    IamResponse created = call(ROOT, "Action", "CreateAccessKey");
    String b = body(created);
    String secret = b.substring(b.indexOf("<SecretAccessKey>") + 17, b.indexOf("</SecretAccessKey>"));
    assertThat(secret).hasSize(40);
    assertThat(body(call(ROOT, "Action", "ListAccessKeys"))).doesNotContain(secret).doesNotContain("SecretAccessKey");
  }

  @Test
  void everyActionInTheTableAnswersWithoutParameters() {
    assertThat(iam.actions()).hasSize(21);
    for (String action : iam.actions()) {
      IamResponse r = call(ROOT, "Action", action);
      assertThat(r.errorCode()).as(action).isNotEqualTo("InvalidAction");
      assertThat(r.httpStatus()).as(action).isIn(200, 400, 404);
    }
    assertThat(List.of("CreateUser", "CreateRole", "PutUserPolicy")).allMatch(a -> "ValidationError".equals(call(ROOT, "Action", a).errorCode()));
  }
}
