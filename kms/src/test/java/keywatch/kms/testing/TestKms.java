package keywatch.kms.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import keywatch.iam.principal.Principal;
import keywatch.kms.access.AccessGate;
import keywatch.kms.access.AccessPolicy;
import keywatch.kms.key.AccountRegion;
import keywatch.kms.operation.OperationContext;
import keywatch.kms.operation.Operations;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsProtocol;
import keywatch.kms.protocol.KmsResponse;
import keywatch.kms.store.KeyStore;

/**
 * The KMS protocol with an in-memory store and a hand-moved clock: calls go through the same
 * JSON 1.1 binding, access gate and dispatch table as over HTTP, without the HTTP, as the root.
 */
public final class TestKms {
  public static final AccountRegion ACCOUNT = new AccountRegion("111122223333", "us-east-1");
  private static final Caller CALLER =
      new Caller(new Principal.Root(ACCOUNT.accountId()), "AKIDTEST", "127.0.0.1", "test", ACCOUNT.region());

  public final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  public final KmsProtocol protocol;

  public TestKms() {
    KeyStore store = new KeyStore(new InMemoryKeyRepository());
    OperationContext ctx = OperationContext.create(ACCOUNT, store, clock, new SecureRandom());
    // Authorization is the iam module's and is tested there and end to end; here every call is allowed.
    AccessPolicy allowAll = (caller, action, key, conditions) -> { };
    protocol = new KmsProtocol(Operations.all(ctx), new AccessGate(ctx.keys(), allowAll, ACCOUNT.accountId()));
  }

  /** Calls an operation; returns the response body (success or error) as JSON. */
  public Result call(String operation, ObjectNode body) {
    try {
      KmsResponse r = protocol.handle(KmsProtocol.TARGET_PREFIX + operation, Json.MAPPER.writeValueAsBytes(body), CALLER);
      return new Result(r, Json.MAPPER.readTree(r.body()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Calls an operation that must succeed. */
  public JsonNode ok(String operation, ObjectNode body) {
    Result r = call(operation, body);
    if (r.response().failed()) {
      throw new AssertionError(operation + " failed: " + new String(r.response().body(), StandardCharsets.UTF_8));
    }
    return r.json();
  }

  public String createKey(String keySpec, String keyUsage) {
    ObjectNode b = Json.object().put("KeySpec", keySpec).put("KeyUsage", keyUsage);
    return ok("CreateKey", b).path("KeyMetadata").path("KeyId").asText();
  }

  public static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  public static byte[] unb64(JsonNode n) {
    return Base64.getDecoder().decode(n.asText());
  }

  public record Result(KmsResponse response, JsonNode json) {
    public String errorType() {
      return response.errorCode();
    }
  }
}
