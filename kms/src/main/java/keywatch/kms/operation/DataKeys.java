package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import keywatch.kms.error.KmsException.InvalidKeyUsageException;
import keywatch.kms.error.KmsException.ValidationException;
import keywatch.kms.key.DataKeySpec;
import keywatch.kms.key.EncryptionAlgorithm;
import keywatch.kms.key.KeyUsage;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** What GenerateDataKey and GenerateDataKeyWithoutPlaintext share: one data key, sealed under a KMS key. */
final class DataKeys {
  static final int MAX_DATA_KEY_BYTES = 1024;

  private DataKeys() {}

  static ObjectNode generate(OperationContext ctx, Sealing sealing, KmsRequest request, String operation, boolean withPlaintext) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    Map<String, String> context = request.stringMap("EncryptionContext");
    Integer numberOfBytes = request.integer("NumberOfBytes", 1, MAX_DATA_KEY_BYTES);
    DataKeySpec spec = request.enumValue("KeySpec", DataKeySpec.class);
    request.stringList("GrantTokens");
    if ((numberOfBytes == null) == (spec == null)) {
      throw new ValidationException("Please specify either number of bytes or key spec.");
    }

    KmsKey key = ctx.keys().resolveUsable(keyId, KeyUsage.ENCRYPT_DECRYPT, operation);
    if (key.keySpec().isAsymmetric()) {
      throw new InvalidKeyUsageException(key.arn() + " key usage is ENCRYPT_DECRYPT but key spec " + key.keySpec()
          + " cannot generate data keys; use a symmetric key.");
    }
    byte[] dataKey = ctx.material().randomBytes(numberOfBytes != null ? numberOfBytes : spec.sizeBytes());
    byte[] blob = sealing.seal(key, EncryptionAlgorithm.SYMMETRIC_DEFAULT, dataKey, context);

    ObjectNode out = Json.object();
    out.put("CiphertextBlob", Json.base64(blob));
    if (withPlaintext) {
      out.put("Plaintext", Json.base64(dataKey));
    }
    out.put("KeyId", key.arn());
    return out;
  }
}
