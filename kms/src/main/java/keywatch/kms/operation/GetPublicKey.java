package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.error.KmsException.UnsupportedOperationException;
import keywatch.kms.key.EncryptionAlgorithm;
import keywatch.kms.key.KmsKey;
import keywatch.kms.key.SigningAlgorithm;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** GetPublicKey: the public half of an asymmetric key, DER-encoded SubjectPublicKeyInfo. */
public final class GetPublicKey implements Operation {
  private final OperationContext ctx;

  public GetPublicKey(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "GetPublicKey";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    request.stringList("GrantTokens");
    KmsKey key = ctx.keys().resolve(keyId);
    ctx.keys().requireUsable(key);
    if (!key.keySpec().isAsymmetric()) {
      throw new UnsupportedOperationException(key.arn() + " key spec " + key.keySpec()
          + " is not supported for this operation.");
    }
    ObjectNode out = Json.object();
    out.put("KeyId", key.arn());
    out.put("PublicKey", Json.base64(key.currentBackingKey().keyPair().getPublic().getEncoded()));
    out.put("CustomerMasterKeySpec", key.keySpec().name());
    out.put("KeySpec", key.keySpec().name());
    out.put("KeyUsage", key.keyUsage().name());
    var enc = EncryptionAlgorithm.forKey(key.keySpec(), key.keyUsage());
    if (!enc.isEmpty()) {
      out.set("EncryptionAlgorithms", Json.names(enc));
    }
    var sig = SigningAlgorithm.forKey(key.keySpec(), key.keyUsage());
    if (!sig.isEmpty()) {
      out.set("SigningAlgorithms", Json.names(sig));
    }
    return out;
  }
}
