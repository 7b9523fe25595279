package keywatch.server.sdk;

import static keywatch.server.sdk.KeywatchHarness.aliasArn;
import static keywatch.server.sdk.SdkAssertions.assertKmsError;
import static keywatch.server.sdk.SdkAssertions.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/**
 * Encrypt, Decrypt, ReEncrypt, the data key and data key pair operations and GenerateRandom under
 * symmetric keys, through the AWS SDK: the round trips, the exact-match rule for encryption
 * context, which key a Decrypt may name, damaged ciphertexts, and the size limits.
 */
class SymmetricCryptoSdkTest extends SdkTestBase {
  static final Map<String, String> CONTEXT = Map.of("purpose", "test", "tenant", "42");

  @Test
  void encryptAndDecryptNamingTheKeyByIdArnAliasAndAliasArn() {
    KeyMetadata key = createSymmetricKey();
    String alias = uniqueAlias("sym");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));

    for (String name : List.of(key.keyId(), key.arn(), alias, aliasArn(alias))) {
      EncryptResponse enc = kms.encrypt(r -> r.keyId(name).plaintext(bytes("hello " + name)).encryptionContext(CONTEXT));
      assertThat(enc.keyId()).isEqualTo(key.arn());
      assertThat(enc.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);

      DecryptResponse withoutKeyId = kms.decrypt(r -> r.ciphertextBlob(enc.ciphertextBlob()).encryptionContext(CONTEXT));
      assertThat(withoutKeyId.plaintext().asUtf8String()).isEqualTo("hello " + name);
      assertThat(withoutKeyId.keyId()).isEqualTo(key.arn());
      assertThat(withoutKeyId.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);

      DecryptResponse naming = kms.decrypt(r -> r.ciphertextBlob(enc.ciphertextBlob()).encryptionContext(CONTEXT).keyId(name));
      assertThat(naming.plaintext().asUtf8String()).isEqualTo("hello " + name);
    }
  }

  @Test
  void encryptingTwiceGivesDifferentCiphertexts() {
    KeyMetadata key = createSymmetricKey();
    assertThat(encrypt(key.keyId(), "same", Map.of())).isNotEqualTo(encrypt(key.keyId(), "same", Map.of()));
  }

  @Test
  void plaintextOfOneAndOf4096BytesIsAcceptedZeroAnd4097AreValidationException() {
    KeyMetadata key = createSymmetricKey();
    for (int size : new int[] {1, 4096}) {
      byte[] p = new byte[size];
      Arrays.fill(p, (byte) 7);
      SdkBytes blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(p))).ciphertextBlob();
      assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asByteArray()).isEqualTo(p);
    }
    assertValidation(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(new byte[0]))),
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1");
    assertValidation(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(new byte[4097]))),
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
  }

  @Test
  void theEncryptionContextMustMatchExactly() {
    KeyMetadata key = createSymmetricKey();
    SdkBytes blob = encrypt(key.keyId(), "bound", CONTEXT);

    assertThat(decrypt(blob, Map.of("tenant", "42", "purpose", "test"))).as("order does not matter").isEqualTo("bound");
    for (Map<String, String> wrong : List.of(
        Map.<String, String>of(),
        Map.of("purpose", "test"),
        Map.of("purpose", "test", "tenant", "43"),
        Map.of("purpose", "test", "tenant", "42", "extra", "x"),
        Map.of("Purpose", "test", "tenant", "42"))) {
      assertKmsError(() -> decrypt(blob, wrong), InvalidCiphertextException.class, "InvalidCiphertextException", null);
    }
    SdkBytes noContext = encrypt(key.keyId(), "free", Map.of());
    assertKmsError(() -> decrypt(noContext, CONTEXT), InvalidCiphertextException.class, "InvalidCiphertextException", null);
  }

  @Test
  void contextsThatConcatenateAlikeDoNotDecryptEachOther() {
    KeyMetadata key = createSymmetricKey();
    SdkBytes abC = encrypt(key.keyId(), "x", Map.of("ab", "c"));
    SdkBytes aBc = encrypt(key.keyId(), "x", Map.of("a", "bc"));
    assertKmsError(() -> decrypt(abC, Map.of("a", "bc")), InvalidCiphertextException.class, "InvalidCiphertextException", null);
    assertKmsError(() -> decrypt(aBc, Map.of("ab", "c")), InvalidCiphertextException.class, "InvalidCiphertextException", null);
  }

  @Test
  void decryptNamingAnotherKeyIsIncorrectKeyException() {
    KeyMetadata key = createSymmetricKey();
    KeyMetadata other = createSymmetricKey();
    SdkBytes blob = encrypt(key.keyId(), "mine", Map.of());
    String otherAlias = uniqueAlias("other");
    kms.createAlias(r -> r.aliasName(otherAlias).targetKeyId(other.keyId()));

    for (String name : List.of(other.keyId(), other.arn(), otherAlias)) {
      assertKmsError(() -> kms.decrypt(r -> r.ciphertextBlob(blob).keyId(name)), IncorrectKeyException.class,
          "IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");
    }
  }

  @Test
  void decryptNamingNoKeyIsNotFoundException() {
    KeyMetadata key = createSymmetricKey();
    SdkBytes blob = encrypt(key.keyId(), "mine", Map.of());
    assertKmsError(() -> kms.decrypt(r -> r.ciphertextBlob(blob).keyId("some-random-false-key")),
        NotFoundException.class, "NotFoundException", "Invalid keyId some-random-false-key");
    String unknown = "11111111-2222-3333-4444-555555555555";
    assertKmsError(() -> kms.decrypt(r -> r.ciphertextBlob(blob).keyId(unknown)),
        NotFoundException.class, "NotFoundException", "Key '" + KeywatchHarness.keyArn(unknown) + "' does not exist");
  }

  @Test
  void damagedCiphertextIsInvalidCiphertextException() {
    KeyMetadata key = createSymmetricKey();
    byte[] blob = encrypt(key.keyId(), "integrity matters", CONTEXT).asByteArray();
    int keyIdLength = blob[1];
    // version byte, backing-key version, nonce, sealed body, last tag byte
    int[] positions = {0, 2 + keyIdLength + 3, 2 + keyIdLength + 4, 2 + keyIdLength + 16, blob.length - 20, blob.length - 1};
    for (int position : positions) {
      byte[] damaged = blob.clone();
      damaged[position] ^= 0x01;
      assertKmsError(() -> decrypt(SdkBytes.fromByteArray(damaged), CONTEXT),
          InvalidCiphertextException.class, "InvalidCiphertextException", null);
    }
    assertKmsError(() -> decrypt(SdkBytes.fromByteArray(Arrays.copyOf(blob, blob.length - 1)), CONTEXT),
        InvalidCiphertextException.class, "InvalidCiphertextException", null);
    assertKmsError(() -> decrypt(SdkBytes.fromByteArray(Arrays.copyOf(blob, blob.length + 1)), CONTEXT),
        InvalidCiphertextException.class, "InvalidCiphertextException", null);
    assertKmsError(() -> decrypt(bytes("not a ciphertext at all"), Map.of()),
        InvalidCiphertextException.class, "InvalidCiphertextException", null);
  }

  @Test
  void aCiphertextWhoseKeyIdWasAlteredIsInvalidCiphertextException() {
    KeyMetadata key = createSymmetricKey();
    byte[] blob = encrypt(key.keyId(), "integrity matters", Map.of()).asByteArray();
    // '0'..'9' and 'a'..'f' with the low bit flipped are still hex digits: the blob now names a
    // key id that does not exist, which is damage, not a missing key.
    for (int position = 2; position < 2 + blob[1]; position++) {
      if (blob[position] == '-') {
        continue;
      }
      byte[] damaged = blob.clone();
      damaged[position] ^= 0x01;
      assertKmsError(() -> decrypt(SdkBytes.fromByteArray(damaged), Map.of()),
          InvalidCiphertextException.class, "InvalidCiphertextException", null);
    }
  }

  @Test
  void reEncryptMovesACiphertextToAnotherKeyAndContext() {
    KeyMetadata source = createSymmetricKey();
    KeyMetadata destination = createSymmetricKey();
    SdkBytes blob = encrypt(source.keyId(), "moving", CONTEXT);
    Map<String, String> newContext = Map.of("moved", "yes");

    ReEncryptResponse re = kms.reEncrypt(r -> r.ciphertextBlob(blob).sourceEncryptionContext(CONTEXT)
        .destinationKeyId(destination.arn()).destinationEncryptionContext(newContext));
    assertThat(re.sourceKeyId()).isEqualTo(source.arn());
    assertThat(re.keyId()).isEqualTo(destination.arn());
    assertThat(re.sourceEncryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
    assertThat(re.destinationEncryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
    DecryptResponse dec = kms.decrypt(r -> r.ciphertextBlob(re.ciphertextBlob()).encryptionContext(newContext));
    assertThat(dec.plaintext().asUtf8String()).isEqualTo("moving");
    assertThat(dec.keyId()).isEqualTo(destination.arn());

    assertKmsError(() -> kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(destination.keyId())),
        InvalidCiphertextException.class, "InvalidCiphertextException", null);
    assertKmsError(() -> kms.reEncrypt(r -> r.ciphertextBlob(blob).sourceEncryptionContext(CONTEXT)
            .sourceKeyId(destination.keyId()).destinationKeyId(destination.keyId())),
        IncorrectKeyException.class, "IncorrectKeyException",
        "The key ID in the request does not identify a CMK that can perform this operation.");
  }

  @Test
  void generateDataKeyReturnsAKeyAndItsCiphertext() {
    KeyMetadata key = createSymmetricKey();
    var aes256 = kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT));
    assertThat(aes256.plaintext().asByteArray()).hasSize(32);
    assertThat(aes256.keyId()).isEqualTo(key.arn());
    assertThat(kms.decrypt(r -> r.ciphertextBlob(aes256.ciphertextBlob()).encryptionContext(CONTEXT)).plaintext())
        .isEqualTo(aes256.plaintext());

    assertThat(kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_128)).plaintext().asByteArray()).hasSize(16);
    for (int n : new int[] {1, 1024}) {
      var dk = kms.generateDataKey(r -> r.keyId(key.arn()).numberOfBytes(n));
      assertThat(dk.plaintext().asByteArray()).hasSize(n);
      assertThat(kms.decrypt(r -> r.ciphertextBlob(dk.ciphertextBlob())).plaintext()).isEqualTo(dk.plaintext());
    }
    assertValidation(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(0)),
        "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1");
    assertValidation(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(1025)),
        "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024");
    assertValidation(() -> kms.generateDataKey(r -> r.keyId(key.keyId())),
        "Please specify either number of bytes or key spec.");
    assertValidation(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(32).keySpec(DataKeySpec.AES_256)),
        "Please specify either number of bytes or key spec.");
  }

  @Test
  void generateDataKeyWithoutPlaintextReturnsOnlyTheCiphertext() {
    KeyMetadata key = createSymmetricKey();
    String alias = uniqueAlias("dk");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    var dk = kms.generateDataKeyWithoutPlaintext(r -> r.keyId(alias).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT));
    assertThat(dk.keyId()).isEqualTo(key.arn());
    byte[] plaintext = kms.decrypt(r -> r.ciphertextBlob(dk.ciphertextBlob()).encryptionContext(CONTEXT)).plaintext().asByteArray();
    assertThat(plaintext).hasSize(32);
  }

  @Test
  void generateDataKeyPairGivesAWorkingKeyPairWhosePrivateKeyDecrypts() throws Exception {
    KeyMetadata key = createSymmetricKey();
    for (DataKeyPairSpec spec : List.of(DataKeyPairSpec.RSA_2048, DataKeyPairSpec.ECC_NIST_P256,
        DataKeyPairSpec.ECC_NIST_P384, DataKeyPairSpec.ECC_NIST_P521)) {
      var pair = kms.generateDataKeyPair(r -> r.keyId(key.keyId()).keyPairSpec(spec).encryptionContext(CONTEXT));
      assertThat(pair.keyPairSpec()).isEqualTo(spec);
      assertThat(pair.keyId()).isEqualTo(key.arn());
      assertThat(kms.decrypt(r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob()).encryptionContext(CONTEXT)).plaintext())
          .isEqualTo(pair.privateKeyPlaintext());

      boolean rsa = spec == DataKeyPairSpec.RSA_2048;
      KeyFactory factory = KeyFactory.getInstance(rsa ? "RSA" : "EC");
      var privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pair.privateKeyPlaintext().asByteArray()));
      var publicKey = factory.generatePublic(new X509EncodedKeySpec(pair.publicKey().asByteArray()));
      Signature signer = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
      signer.initSign(privateKey);
      signer.update(new byte[] {1, 2, 3});
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
      verifier.initVerify(publicKey);
      verifier.update(new byte[] {1, 2, 3});
      assertThat(verifier.verify(sig)).as(spec + " pair matches").isTrue();
    }
  }

  @Test
  void generateDataKeyPairWithoutPlaintextReturnsThePublicKeyAndTheSealedPrivateKey() throws Exception {
    KeyMetadata key = createSymmetricKey();
    var pair = kms.generateDataKeyPairWithoutPlaintext(r -> r.keyId(key.arn()).keyPairSpec(DataKeyPairSpec.ECC_NIST_P256));
    assertThat(pair.keyPairSpec()).isEqualTo(DataKeyPairSpec.ECC_NIST_P256);
    byte[] privateDer = kms.decrypt(r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob())).plaintext().asByteArray();
    var privateKey = (java.security.interfaces.ECPrivateKey) KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(privateDer));
    var publicKey = (java.security.interfaces.ECPublicKey) KeyFactory.getInstance("EC")
        .generatePublic(new X509EncodedKeySpec(pair.publicKey().asByteArray()));
    assertThat(privateKey.getParams().getCurve()).isEqualTo(publicKey.getParams().getCurve());
  }

  @Test
  void generateRandomGivesOneTo1024Bytes() {
    assertThat(kms.generateRandom(r -> r.numberOfBytes(1)).plaintext().asByteArray()).hasSize(1);
    byte[] a = kms.generateRandom(r -> r.numberOfBytes(1024)).plaintext().asByteArray();
    byte[] b = kms.generateRandom(r -> r.numberOfBytes(1024)).plaintext().asByteArray();
    assertThat(a).hasSize(1024).isNotEqualTo(b);
    assertValidation(() -> kms.generateRandom(r -> r.numberOfBytes(0)),
        "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1");
    assertValidation(() -> kms.generateRandom(r -> r.numberOfBytes(1025)),
        "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024");
    Set<Integer> distinct = new HashSet<>();
    for (byte x : a) {
      distinct.add((int) x);
    }
    assertThat(distinct).hasSizeGreaterThan(100);
  }

  @Test
  void aSigningOrMacKeyCannotEncryptInvalidKeyUsageException() {
    KeyMetadata sign = createKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    assertKmsError(() -> encrypt(sign.keyId(), "x", Map.of()), InvalidKeyUsageException.class,
        "InvalidKeyUsageException", sign.arn() + " key usage is SIGN_VERIFY which is not valid for Encrypt.");
    KeyMetadata mac = createKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    assertKmsError(() -> kms.generateDataKey(r -> r.keyId(mac.keyId()).numberOfBytes(16)), InvalidKeyUsageException.class,
        "InvalidKeyUsageException", mac.arn() + " key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.");
    KeyMetadata sym = createSymmetricKey();
    assertKmsError(() -> kms.encrypt(r -> r.keyId(sym.keyId()).plaintext(bytes("x"))
            .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)), InvalidKeyUsageException.class,
        "InvalidKeyUsageException", "The encryption algorithm RSAES_OAEP_SHA_256 is not compatible with the key spec"
            + " SYMMETRIC_DEFAULT of KMS key " + sym.arn() + ".");
  }
}
