package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import keywatch.kms.key.EncryptionAlgorithm;
import keywatch.kms.key.KeyUsage;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** Encrypt: up to 4096 bytes under a symmetric key (AES-256-GCM) or an RSA key (RSAES-OAEP). */
public final class Encrypt implements Operation {
  static final int MAX_PLAINTEXT_BYTES = 4096;

  private final OperationContext ctx;
  private final Sealing sealing;

  public Encrypt(OperationContext ctx) {
    this.ctx = ctx;
    this.sealing = new Sealing(ctx);
  }

  @Override
  public String name() {
    return "Encrypt";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    byte[] plaintext = request.requiredBlob("Plaintext", 1, MAX_PLAINTEXT_BYTES);
    Map<String, String> context = request.stringMap("EncryptionContext");
    EncryptionAlgorithm requestedAlg = request.enumValue("EncryptionAlgorithm", EncryptionAlgorithm.class);
    request.stringList("GrantTokens");

    KmsKey key = ctx.keys().resolveUsable(keyId, KeyUsage.ENCRYPT_DECRYPT, name());
    EncryptionAlgorithm alg = Sealing.algorithmFor(key, requestedAlg);
    byte[] blob = sealing.seal(key, alg, plaintext, context);

    ObjectNode out = Json.object();
    out.put("CiphertextBlob", Json.base64(blob));
    out.put("KeyId", key.arn());
    out.put("EncryptionAlgorithm", alg.name());
    return out;
  }
}
