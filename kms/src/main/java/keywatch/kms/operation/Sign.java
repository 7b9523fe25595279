package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** Sign: an RSA (PSS or PKCS#1 v1.5) or ECDSA signature over a message or its digest. */
public final class Sign implements Operation {
  private final OperationContext ctx;

  public Sign(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "Sign";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    SigningRequest s = SigningRequest.read(ctx, request, name());
    byte[] signature = ctx.signatures().signDigest(
        s.key().currentBackingKey().keyPair().getPrivate(), s.algorithm(), s.digest());
    ObjectNode out = Json.object();
    out.put("KeyId", s.key().arn());
    out.put("Signature", Json.base64(signature));
    out.put("SigningAlgorithm", s.algorithm().name());
    return out;
  }
}
