package keywatch.kms.operation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.protocol.Json;
import keywatch.kms.testing.TestKms;
import org.junit.jupiter.api.Test;

/** AWS's quota of 50,000 grants per key, through the JSON binding (over HTTP it would take minutes). */
class GrantLimitTest {
  @Test
  void aKeyHoldsAtMost50000Grants() {
    TestKms kms = new TestKms();
    String keyId = kms.createKey("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT");
    for (int i = 0; i < CreateGrant.MAX_GRANTS_PER_KEY; i++) {
      kms.ok("CreateGrant", request(keyId));
    }
    TestKms.Result over = kms.call("CreateGrant", request(keyId));
    assertThat(over.errorType()).isEqualTo("LimitExceededException");
    assertThat(over.response().httpStatus()).isEqualTo(400);

    // Another key is not affected, and retiring one grant makes room again.
    kms.ok("CreateGrant", request(kms.createKey("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT")));
    String oneId = kms.ok("ListGrants", Json.object().put("KeyId", keyId).put("Limit", 1))
        .path("Grants").path(0).path("GrantId").asText();
    kms.ok("RetireGrant", Json.object().put("KeyId", keyId).put("GrantId", oneId));
    kms.ok("CreateGrant", request(keyId));
  }

  private static ObjectNode request(String keyId) {
    ObjectNode b = Json.object().put("KeyId", keyId)
        .put("GranteePrincipal", "arn:aws:iam::" + TestKms.ACCOUNT.accountId() + ":user/app");
    b.putArray("Operations").add("Encrypt");
    return b;
  }
}
