package keywatch.kms.operation;

import java.util.Map;
import keywatch.kms.ciphertext.SymmetricCiphertext;
import keywatch.kms.crypto.AesGcm;
import keywatch.kms.crypto.RsaOaep;
import keywatch.kms.error.KmsException.IncorrectKeyException;
import keywatch.kms.error.KmsException.InvalidCiphertextException;
import keywatch.kms.error.KmsException.InvalidKeyUsageException;
import keywatch.kms.error.KmsException.NotFoundException;
import keywatch.kms.error.KmsException.ValidationException;
import keywatch.kms.key.BackingKey;
import keywatch.kms.key.EncryptionAlgorithm;
import keywatch.kms.key.KeyUsage;
import keywatch.kms.key.KmsKey;

/**
 * Encryption under a KMS key and its reverse, shared by Encrypt, Decrypt, ReEncrypt and the data
 * key operations, so that the ciphertext rules (which key, which algorithm, which context) live in
 * one place.
 */
final class Sealing {
  static final String INCORRECT_KEY =
      "The key ID in the request does not identify a CMK that can perform this operation.";

  private final OperationContext ctx;

  Sealing(OperationContext ctx) {
    this.ctx = ctx;
  }

  /** The result of opening a ciphertext: the key that opened it, the plaintext, the algorithm. */
  record Opened(KmsKey key, byte[] plaintext, EncryptionAlgorithm algorithm) {}

  /** The algorithm to use with {@code key}: the requested one, checked, or the key's default. */
  static EncryptionAlgorithm algorithmFor(KmsKey key, EncryptionAlgorithm requested) {
    EncryptionAlgorithm alg = requested == null ? EncryptionAlgorithm.SYMMETRIC_DEFAULT : requested;
    if (!EncryptionAlgorithm.forKey(key.keySpec(), key.keyUsage()).contains(alg)) {
      throw new InvalidKeyUsageException("The encryption algorithm " + alg + " is not compatible with the key spec "
          + key.keySpec() + " of KMS key " + key.arn() + ".");
    }
    return alg;
  }

  byte[] seal(KmsKey key, EncryptionAlgorithm alg, byte[] plaintext, Map<String, String> context) {
    BackingKey current = key.currentBackingKey();
    if (alg == EncryptionAlgorithm.SYMMETRIC_DEFAULT) {
      return SymmetricCiphertext.seal(ctx.aes(), current.secretKey(), key.keyId(), current.version(), plaintext, context);
    }
    if (!context.isEmpty()) {
      throw new ValidationException("EncryptionContext is not supported with asymmetric KMS keys.");
    }
    if (plaintext.length > RsaOaep.maxPlaintextBytes(key.keySpec().sizeBits(), alg)) {
      throw new ValidationException("Plaintext of " + plaintext.length + " bytes is too long for " + alg
          + " with key spec " + key.keySpec() + ".");
    }
    return RsaOaep.encrypt(current.keyPair().getPublic(), alg, plaintext);
  }

  /**
   * Opens a ciphertext. {@code requestedKeyId} may be null for symmetric ciphertexts (the blob names
   * its key); a KeyId naming another key than the blob's is IncorrectKeyException.
   */
  Opened open(String requestedKeyId, byte[] blob, Map<String, String> context, EncryptionAlgorithm requestedAlg) {
    KmsKey requested = requestedKeyId == null ? null : ctx.keys().resolve(requestedKeyId);
    if (requested != null && requested.keySpec().isAsymmetric()) {
      ctx.keys().requireUsable(requested);
      KeyResolver.requireUsage(requested, KeyUsage.ENCRYPT_DECRYPT, "Decrypt");
      EncryptionAlgorithm alg = algorithmFor(requested, requestedAlg);
      if (!context.isEmpty()) {
        throw new ValidationException("EncryptionContext is not supported with asymmetric KMS keys.");
      }
      try {
        return new Opened(requested, RsaOaep.decrypt(requested.currentBackingKey().keyPair().getPrivate(), alg, blob), alg);
      } catch (AesGcm.AuthenticationFailed e) {
        throw new InvalidCiphertextException();
      }
    }
    SymmetricCiphertext.Header header;
    try {
      header = SymmetricCiphertext.parseHeader(blob);
    } catch (SymmetricCiphertext.MalformedCiphertext e) {
      throw new InvalidCiphertextException();
    }
    if (requested != null && !requested.keyId().equals(header.keyId())) {
      throw new IncorrectKeyException(INCORRECT_KEY);
    }
    KmsKey key = requested != null ? requested : keyNamedByCiphertext(header.keyId());
    ctx.keys().requireUsable(key);
    KeyResolver.requireUsage(key, KeyUsage.ENCRYPT_DECRYPT, "Decrypt");
    EncryptionAlgorithm alg = algorithmFor(key, requestedAlg);
    BackingKey backing = key.backingKey(header.backingKeyVersion());
    if (backing == null) {
      throw new InvalidCiphertextException();
    }
    try {
      return new Opened(key, SymmetricCiphertext.open(backing.secretKey(), blob, header, context), alg);
    } catch (AesGcm.AuthenticationFailed e) {
      throw new InvalidCiphertextException();
    }
  }

  /**
   * The key a ciphertext's header names. A header naming no key is damage (a flipped bit in the
   * key id gives another well-formed id), so it is InvalidCiphertextException like any other
   * damage, not NotFoundException, which would also tell the caller which key ids exist.
   */
  private KmsKey keyNamedByCiphertext(String keyId) {
    try {
      return ctx.keys().resolveById(keyId);
    } catch (NotFoundException e) {
      throw new InvalidCiphertextException();
    }
  }
}
