package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** GenerateRandom: 1 to 1024 bytes from the server's SecureRandom. */
public final class GenerateRandom implements Operation {
  private final OperationContext ctx;

  public GenerateRandom(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "GenerateRandom";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    Integer n = request.integer("NumberOfBytes", 1, DataKeys.MAX_DATA_KEY_BYTES);
    if (n == null) {
      throw KmsRequest.mustNotBeNull("NumberOfBytes");
    }
    ObjectNode out = Json.object();
    out.put("Plaintext", Json.base64(ctx.material().randomBytes(n)));
    return out;
  }
}
