package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import keywatch.kms.key.EncryptionAlgorithm;
import keywatch.kms.key.KeyUsage;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** ReEncrypt: decrypts under the source key and encrypts under the destination key, plaintext never leaving. */
public final class ReEncrypt implements Operation {
  private final OperationContext ctx;
  private final Sealing sealing;

  public ReEncrypt(OperationContext ctx) {
    this.ctx = ctx;
    this.sealing = new Sealing(ctx);
  }

  @Override
  public String name() {
    return "ReEncrypt";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    byte[] blob = request.requiredBlob("CiphertextBlob", 1, Decrypt.MAX_CIPHERTEXT_BYTES);
    Map<String, String> sourceContext = request.stringMap("SourceEncryptionContext");
    String sourceKeyId = request.string("SourceKeyId", 1, 2048);
    String destinationKeyId = request.requiredString("DestinationKeyId", 1, 2048);
    Map<String, String> destinationContext = request.stringMap("DestinationEncryptionContext");
    EncryptionAlgorithm sourceAlg = request.enumValue("SourceEncryptionAlgorithm", EncryptionAlgorithm.class);
    EncryptionAlgorithm destinationAlgRequested = request.enumValue("DestinationEncryptionAlgorithm", EncryptionAlgorithm.class);
    request.stringList("GrantTokens");

    KmsKey destination = ctx.keys().resolveUsable(destinationKeyId, KeyUsage.ENCRYPT_DECRYPT, name());
    EncryptionAlgorithm destinationAlg = Sealing.algorithmFor(destination, destinationAlgRequested);
    Sealing.Opened opened = sealing.open(sourceKeyId, blob, sourceContext, sourceAlg);
    byte[] sealed = sealing.seal(destination, destinationAlg, opened.plaintext(), destinationContext);

    ObjectNode out = Json.object();
    out.put("CiphertextBlob", Json.base64(sealed));
    out.put("SourceKeyId", opened.key().arn());
    out.put("KeyId", destination.arn());
    out.put("SourceEncryptionAlgorithm", opened.algorithm().name());
    out.put("DestinationEncryptionAlgorithm", destinationAlg.name());
    return out;
  }
}
