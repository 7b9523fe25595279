package keywatch.kms.operation;

import keywatch.kms.crypto.Signatures;
import keywatch.kms.error.KmsException.InvalidKeyUsageException;
import keywatch.kms.error.KmsException.ValidationException;
import keywatch.kms.key.KeyUsage;
import keywatch.kms.key.KmsKey;
import keywatch.kms.key.SigningAlgorithm;
import keywatch.kms.protocol.KmsRequest;

/**
 * The part of a Sign or Verify request both share, validated: the key (SIGN_VERIFY, usable), the
 * algorithm (one the key offers), and the digest to sign: the message hashed when MessageType is
 * RAW (the default), or the message itself when it is DIGEST, which must then be the hash's length.
 */
record SigningRequest(KmsKey key, SigningAlgorithm algorithm, byte[] digest) {
  static final int MAX_MESSAGE_BYTES = 4096;

  enum MessageType { RAW, DIGEST }

  static SigningRequest read(OperationContext ctx, KmsRequest request, String operation) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    byte[] message = request.requiredBlob("Message", 1, MAX_MESSAGE_BYTES);
    MessageType type = request.enumValue("MessageType", MessageType.class);
    SigningAlgorithm algorithm = request.requiredEnum("SigningAlgorithm", SigningAlgorithm.class);
    request.stringList("GrantTokens");

    KmsKey key = ctx.keys().resolveUsable(keyId, KeyUsage.SIGN_VERIFY, operation);
    if (!SigningAlgorithm.forKey(key.keySpec(), key.keyUsage()).contains(algorithm)) {
      throw new InvalidKeyUsageException("Signing algorithm " + algorithm + " is not compatible with the key spec "
          + key.keySpec() + " of KMS key " + key.arn() + ".");
    }
    byte[] digest;
    if (type == MessageType.DIGEST) {
      if (message.length != algorithm.digestBytes()) {
        throw new ValidationException("Digest is invalid length for algorithm " + algorithm + ".");
      }
      digest = message;
    } else {
      digest = Signatures.digest(algorithm, message);
    }
    return new SigningRequest(key, algorithm, digest);
  }
}
