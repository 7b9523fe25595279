package keywatch.kms.operation;

import keywatch.kms.error.KmsException.InvalidKeyUsageException;
import keywatch.kms.key.KeyUsage;
import keywatch.kms.key.KmsKey;
import keywatch.kms.key.MacAlgorithm;
import keywatch.kms.protocol.KmsRequest;

/** The part of GenerateMac and VerifyMac both share: a usable HMAC key, its algorithm, the message. */
record MacRequest(KmsKey key, MacAlgorithm algorithm, byte[] message) {
  static MacRequest read(OperationContext ctx, KmsRequest request, String operation) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    byte[] message = request.requiredBlob("Message", 1, 4096);
    MacAlgorithm algorithm = request.requiredEnum("MacAlgorithm", MacAlgorithm.class);
    request.stringList("GrantTokens");
    KmsKey key = ctx.keys().resolveUsable(keyId, KeyUsage.GENERATE_VERIFY_MAC, operation);
    if (!MacAlgorithm.forKey(key.keySpec()).contains(algorithm)) {
      throw new InvalidKeyUsageException("MAC algorithm " + algorithm + " is not compatible with the key spec "
          + key.keySpec() + " of KMS key " + key.arn() + ".");
    }
    return new MacRequest(key, algorithm, message);
  }
}
