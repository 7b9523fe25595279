package keywatch.server.sdk;

import static keywatch.server.sdk.KeywatchHarness.aliasArn;
import static keywatch.server.sdk.SdkAssertions.assertKmsError;
import static keywatch.server.sdk.SdkAssertions.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * RSA ENCRYPT_DECRYPT keys of every size with RSAES_OAEP_SHA_1 and RSAES_OAEP_SHA_256: what the
 * JDK encrypts with the public key from GetPublicKey decrypts through KMS, and what KMS encrypts
 * decrypts through KMS. One key per size for the whole class (RSA key generation is slow).
 */
class RsaEncryptionSdkTest extends SdkTestBase {
  static final List<EncryptionAlgorithmSpec> OAEP =
      List.of(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256);
  static final Map<KeySpec, KeyMetadata> KEYS = new EnumMap<>(KeySpec.class);

  @BeforeAll
  static void createKeys() {
    for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096)) {
      KEYS.put(spec, createKey(spec, KeyUsageType.ENCRYPT_DECRYPT));
    }
  }

  static OAEPParameterSpec oaep(EncryptionAlgorithmSpec alg) {
    return alg == EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1
        ? new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)
        : new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  }

  static PublicKey publicKey(GetPublicKeyResponse response) throws Exception {
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(response.publicKey().asByteArray()));
  }

  @Test
  void getPublicKeyDescribesTheKey() throws Exception {
    for (var e : KEYS.entrySet()) {
      KeyMetadata key = e.getValue();
      GetPublicKeyResponse pub = kms.getPublicKey(r -> r.keyId(key.keyId()));
      assertThat(pub.keyId()).isEqualTo(key.arn());
      assertThat(pub.keySpec()).isEqualTo(e.getKey());
      assertThat(pub.keyUsage()).isEqualTo(KeyUsageType.ENCRYPT_DECRYPT);
      assertThat(pub.encryptionAlgorithms()).containsExactlyElementsOf(OAEP);
      assertThat(pub.signingAlgorithms()).isEmpty();
      RSAPublicKey rsa = (RSAPublicKey) publicKey(pub);
      assertThat(rsa.getModulus().bitLength()).isEqualTo(Integer.parseInt(e.getKey().toString().substring(4)));
    }
  }

  @Test
  void whatTheJdkEncryptsWithThePublicKeyDecryptsThroughKms() throws Exception {
    for (var e : KEYS.entrySet()) {
      KeyMetadata key = e.getValue();
      PublicKey publicKey = publicKey(kms.getPublicKey(r -> r.keyId(key.arn())));
      for (EncryptionAlgorithmSpec alg : OAEP) {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, publicKey, oaep(alg));
        byte[] ciphertext = cipher.doFinal(("local " + e.getKey() + " " + alg).getBytes());

        var dec = kms.decrypt(r -> r.keyId(key.keyId()).encryptionAlgorithm(alg)
            .ciphertextBlob(SdkBytes.fromByteArray(ciphertext)));
        assertThat(dec.plaintext().asUtf8String()).isEqualTo("local " + e.getKey() + " " + alg);
        assertThat(dec.keyId()).isEqualTo(key.arn());
        assertThat(dec.encryptionAlgorithm()).isEqualTo(alg);
      }
    }
  }

  @Test
  void whatKmsEncryptsDecryptsThroughKmsByIdArnAliasAndAliasArn() {
    KeyMetadata key = KEYS.get(KeySpec.RSA_3072);
    String alias = uniqueAlias("rsa");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    for (EncryptionAlgorithmSpec alg : OAEP) {
      for (String name : List.of(key.keyId(), key.arn(), alias, aliasArn(alias))) {
        var enc = kms.encrypt(r -> r.keyId(name).encryptionAlgorithm(alg).plaintext(bytes("kms " + alg)));
        assertThat(enc.encryptionAlgorithm()).isEqualTo(alg);
        assertThat(enc.keyId()).isEqualTo(key.arn());
        assertThat(enc.ciphertextBlob().asByteArray()).hasSize(3072 / 8);
        var dec = kms.decrypt(r -> r.keyId(name).encryptionAlgorithm(alg).ciphertextBlob(enc.ciphertextBlob()));
        assertThat(dec.plaintext().asUtf8String()).isEqualTo("kms " + alg);
      }
    }
  }

  @Test
  void everySizeAndAlgorithmRoundTripsThroughKmsAtTheLargestPlaintext() {
    for (var e : KEYS.entrySet()) {
      KeyMetadata key = e.getValue();
      int modulusBytes = Integer.parseInt(e.getKey().toString().substring(4)) / 8;
      for (EncryptionAlgorithmSpec alg : OAEP) {
        int hashBytes = alg == EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1 ? 20 : 32;
        byte[] largest = new byte[modulusBytes - 2 * hashBytes - 2];
        java.util.Arrays.fill(largest, (byte) 0x5a);
        var enc = kms.encrypt(r -> r.keyId(key.keyId()).encryptionAlgorithm(alg).plaintext(SdkBytes.fromByteArray(largest)));
        assertThat(kms.decrypt(r -> r.keyId(key.keyId()).encryptionAlgorithm(alg).ciphertextBlob(enc.ciphertextBlob()))
            .plaintext().asByteArray()).isEqualTo(largest);

        byte[] tooLong = new byte[largest.length + 1];
        assertValidation(() -> kms.encrypt(r -> r.keyId(key.keyId()).encryptionAlgorithm(alg).plaintext(SdkBytes.fromByteArray(tooLong))),
            "Plaintext of " + tooLong.length + " bytes is too long for " + alg + " with key spec " + e.getKey() + ".");
      }
    }
  }

  @Test
  void aCiphertextFailsUnderTheOtherAlgorithmOrWhenDamaged() {
    KeyMetadata key = KEYS.get(KeySpec.RSA_2048);
    SdkBytes blob = kms.encrypt(r -> r.keyId(key.keyId()).encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)
        .plaintext(bytes("x"))).ciphertextBlob();
    assertKmsError(() -> kms.decrypt(r -> r.keyId(key.keyId()).encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
        .ciphertextBlob(blob)), InvalidCiphertextException.class, "InvalidCiphertextException", null);
    byte[] damaged = blob.asByteArray();
    damaged[damaged.length / 2] ^= 0x04;
    assertKmsError(() -> kms.decrypt(r -> r.keyId(key.keyId()).encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)
        .ciphertextBlob(SdkBytes.fromByteArray(damaged))), InvalidCiphertextException.class, "InvalidCiphertextException", null);
  }

  @Test
  void rsaKeysRefuseSymmetricOnlyUses() {
    KeyMetadata key = KEYS.get(KeySpec.RSA_2048);
    assertKmsError(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("x"))), InvalidKeyUsageException.class,
        "InvalidKeyUsageException", "The encryption algorithm SYMMETRIC_DEFAULT is not compatible with the key spec RSA_2048 of KMS key "
            + key.arn() + ".");
    assertValidation(() -> kms.encrypt(r -> r.keyId(key.keyId()).encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
        .plaintext(bytes("x")).encryptionContext(Map.of("a", "b"))), "EncryptionContext is not supported with asymmetric KMS keys.");
    assertKmsError(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)),
        InvalidKeyUsageException.class, "InvalidKeyUsageException",
        key.arn() + " key usage is ENCRYPT_DECRYPT but key spec RSA_2048 cannot generate data keys; use a symmetric key.");
    KeyMetadata symmetric = createSymmetricKey();
    assertKmsError(() -> kms.getPublicKey(r -> r.keyId(symmetric.keyId())), UnsupportedOperationException.class,
        "UnsupportedOperationException", symmetric.arn() + " key spec SYMMETRIC_DEFAULT is not supported for this operation.");
  }

  @Test
  void reEncryptFromAnRsaKeyToASymmetricKey() {
    KeyMetadata rsa = KEYS.get(KeySpec.RSA_2048);
    KeyMetadata symmetric = createSymmetricKey();
    SdkBytes blob = kms.encrypt(r -> r.keyId(rsa.keyId()).encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
        .plaintext(bytes("re-wrapped"))).ciphertextBlob();
    var re = kms.reEncrypt(r -> r.ciphertextBlob(blob).sourceKeyId(rsa.arn())
        .sourceEncryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1).destinationKeyId(symmetric.keyId()));
    assertThat(re.sourceKeyId()).isEqualTo(rsa.arn());
    assertThat(re.sourceEncryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1);
    assertThat(decrypt(re.ciphertextBlob(), Map.of())).isEqualTo("re-wrapped");
  }
}
