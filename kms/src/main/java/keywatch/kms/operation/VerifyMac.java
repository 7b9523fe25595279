package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.crypto.Macs;
import keywatch.kms.error.KmsException.KMSInvalidMacException;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** VerifyMac: checks an HMAC in constant time; a wrong one is KMSInvalidMacException. */
public final class VerifyMac implements Operation {
  private final OperationContext ctx;

  public VerifyMac(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "VerifyMac";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    byte[] mac = request.requiredBlob("Mac", 1, 6144);
    MacRequest m = MacRequest.read(ctx, request, name());
    if (!Macs.verify(m.key().currentBackingKey().secretKey(), m.algorithm(), m.message(), mac)) {
      throw new KMSInvalidMacException();
    }
    ObjectNode out = Json.object();
    out.put("KeyId", m.key().arn());
    out.put("MacValid", true);
    out.put("MacAlgorithm", m.algorithm().name());
    return out;
  }
}
