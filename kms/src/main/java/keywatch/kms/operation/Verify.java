package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.crypto.Signatures;
import keywatch.kms.error.KmsException.KMSInvalidSignatureException;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** Verify: checks a signature; an invalid one is KMSInvalidSignatureException, as AWS answers. */
public final class Verify implements Operation {
  private final OperationContext ctx;

  public Verify(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "Verify";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    byte[] signature = request.requiredBlob("Signature", 1, 6144);
    SigningRequest s = SigningRequest.read(ctx, request, name());
    if (!Signatures.verifyDigest(s.key().currentBackingKey().keyPair().getPublic(), s.algorithm(), s.digest(), signature)) {
      throw new KMSInvalidSignatureException();
    }
    ObjectNode out = Json.object();
    out.put("KeyId", s.key().arn());
    out.put("SignatureValid", true);
    out.put("SigningAlgorithm", s.algorithm().name());
    return out;
  }
}
