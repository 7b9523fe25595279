package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import keywatch.kms.key.EncryptionAlgorithm;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/**
 * Decrypt: a ciphertext made by Encrypt or a data key operation. A symmetric ciphertext names its
 * key, so KeyId is optional, but when given it must name that same key (IncorrectKeyException
 * otherwise: the failure the lab's monitoring detects). The encryption context must match exactly.
 */
public final class Decrypt implements Operation {
  static final int MAX_CIPHERTEXT_BYTES = 6144;

  private final Sealing sealing;

  public Decrypt(OperationContext ctx) {
    this.sealing = new Sealing(ctx);
  }

  @Override
  public String name() {
    return "Decrypt";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    byte[] blob = request.requiredBlob("CiphertextBlob", 1, MAX_CIPHERTEXT_BYTES);
    Map<String, String> context = request.stringMap("EncryptionContext");
    String keyId = request.string("KeyId", 1, 2048);
    EncryptionAlgorithm requestedAlg = request.enumValue("EncryptionAlgorithm", EncryptionAlgorithm.class);
    request.stringList("GrantTokens");
    request.bool("DryRun");

    Sealing.Opened opened = sealing.open(keyId, blob, context, requestedAlg);

    ObjectNode out = Json.object();
    out.put("KeyId", opened.key().arn());
    out.put("Plaintext", Json.base64(opened.plaintext()));
    out.put("EncryptionAlgorithm", opened.algorithm().name());
    return out;
  }
}
