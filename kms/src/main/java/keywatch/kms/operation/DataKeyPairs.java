package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.util.Map;
import keywatch.kms.error.KmsException.InvalidKeyUsageException;
import keywatch.kms.error.KmsException.UnsupportedOperationException;
import keywatch.kms.key.DataKeyPairSpec;
import keywatch.kms.key.EncryptionAlgorithm;
import keywatch.kms.key.KeyUsage;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/**
 * What GenerateDataKeyPair and its WithoutPlaintext variant share: a fresh key pair whose private
 * key (PKCS#8 DER) is sealed under a symmetric KMS key; the public key is X.509 DER.
 */
final class DataKeyPairs {
  private DataKeyPairs() {}

  static ObjectNode generate(OperationContext ctx, Sealing sealing, KmsRequest request, String operation, boolean withPlaintext) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    Map<String, String> context = request.stringMap("EncryptionContext");
    DataKeyPairSpec spec = request.requiredEnum("KeyPairSpec", DataKeyPairSpec.class);
    request.stringList("GrantTokens");
    if (spec.keySpec() == null) {
      throw new UnsupportedOperationException("keywatch does not support key pair spec " + spec + ".");
    }

    KmsKey key = ctx.keys().resolveUsable(keyId, KeyUsage.ENCRYPT_DECRYPT, operation);
    if (key.keySpec().isAsymmetric()) {
      throw new InvalidKeyUsageException(key.arn() + " is asymmetric; data key pairs are protected by symmetric keys.");
    }
    KeyPair pair = ctx.material().generateKeyPair(spec.keySpec());
    byte[] privateDer = pair.getPrivate().getEncoded();
    byte[] blob = sealing.seal(key, EncryptionAlgorithm.SYMMETRIC_DEFAULT, privateDer, context);

    ObjectNode out = Json.object();
    out.put("PrivateKeyCiphertextBlob", Json.base64(blob));
    if (withPlaintext) {
      out.put("PrivateKeyPlaintext", Json.base64(privateDer));
    }
    out.put("PublicKey", Json.base64(pair.getPublic().getEncoded()));
    out.put("KeyId", key.arn());
    out.put("KeyPairSpec", spec.name());
    return out;
  }
}
