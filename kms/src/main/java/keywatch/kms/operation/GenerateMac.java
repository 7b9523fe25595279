package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.crypto.Macs;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** GenerateMac: an HMAC of a message under an HMAC key. */
public final class GenerateMac implements Operation {
  private final OperationContext ctx;

  public GenerateMac(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "GenerateMac";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    MacRequest m = MacRequest.read(ctx, request, name());
    byte[] mac = Macs.generate(m.key().currentBackingKey().secretKey(), m.algorithm(), m.message());
    ObjectNode out = Json.object();
    out.put("Mac", Json.base64(mac));
    out.put("MacAlgorithm", m.algorithm().name());
    out.put("KeyId", m.key().arn());
    return out;
  }
}
