package keywatch.server.sdk;

import static keywatch.server.sdk.KeywatchHarness.aliasArn;
import static keywatch.server.sdk.SdkAssertions.assertKmsError;
import static keywatch.server.sdk.SdkAssertions.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.VerifyResponse;

/**
 * Sign, Verify and GetPublicKey with RSA (all six RSASSA algorithms) and ECDSA keys of every size,
 * over RAW messages and precomputed DIGESTs. Every signature KMS makes is also checked by the
 * JDK's standard verifier on the raw message, with the public key from GetPublicKey: PSS as AWS
 * documents it (MGF1 with the same hash, salt as long as the hash), PKCS#1 v1.5, and ECDSA (DER).
 */
class SigningSdkTest extends SdkTestBase {
  static final List<SigningAlgorithmSpec> RSA_ALGORITHMS = List.of(
      SigningAlgorithmSpec.RSASSA_PSS_SHA_256, SigningAlgorithmSpec.RSASSA_PSS_SHA_384,
      SigningAlgorithmSpec.RSASSA_PSS_SHA_512, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256,
      SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_384, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512);
  static final Map<KeySpec, SigningAlgorithmSpec> EC_ALGORITHMS = Map.of(
      KeySpec.ECC_NIST_P256, SigningAlgorithmSpec.ECDSA_SHA_256,
      KeySpec.ECC_NIST_P384, SigningAlgorithmSpec.ECDSA_SHA_384,
      KeySpec.ECC_NIST_P521, SigningAlgorithmSpec.ECDSA_SHA_512);
  static final Map<KeySpec, KeyMetadata> KEYS = new EnumMap<>(KeySpec.class);
  static final byte[] MESSAGE = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void createKeys() {
    for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096,
        KeySpec.ECC_NIST_P256, KeySpec.ECC_NIST_P384, KeySpec.ECC_NIST_P521)) {
      KEYS.put(spec, createKey(spec, KeyUsageType.SIGN_VERIFY));
    }
  }

  static String hash(SigningAlgorithmSpec alg) {
    String s = alg.toString();
    return "SHA-" + s.substring(s.length() - 3);
  }

  static byte[] digest(SigningAlgorithmSpec alg, byte[] message) throws Exception {
    return MessageDigest.getInstance(hash(alg)).digest(message);
  }

  /** The JDK's verifier for an AWS signing algorithm, configured as AWS documents it. */
  static Signature jdkVerifier(SigningAlgorithmSpec alg) throws Exception {
    String h = hash(alg);
    String bare = h.replace("-", "");
    String name = alg.toString();
    if (name.startsWith("RSASSA_PSS")) {
      Signature s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), Integer.parseInt(h.substring(4)) / 8, 1));
      return s;
    }
    return Signature.getInstance(bare + (name.startsWith("RSASSA_PKCS1") ? "withRSA" : "withECDSA"));
  }

  static boolean jdkVerifies(PublicKey key, SigningAlgorithmSpec alg, byte[] message, byte[] signature) throws Exception {
    Signature s = jdkVerifier(alg);
    s.initVerify(key);
    s.update(message);
    return s.verify(signature);
  }

  static PublicKey publicKey(KeyMetadata key) throws Exception {
    var pub = kms.getPublicKey(r -> r.keyId(key.keyId()));
    String family = key.keySpec().toString().startsWith("RSA") ? "RSA" : "EC";
    return KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(pub.publicKey().asByteArray()));
  }

  /** Signs RAW and DIGEST, checks each with the JDK and with KMS Verify in both message types. */
  static void signAndVerifyEverywhere(KeyMetadata key, SigningAlgorithmSpec alg) throws Exception {
    PublicKey publicKey = publicKey(key);
    byte[] digest = digest(alg, MESSAGE);
    for (MessageType type : List.of(MessageType.RAW, MessageType.DIGEST)) {
      SdkBytes signed = SdkBytes.fromByteArray(type == MessageType.RAW ? MESSAGE : digest);
      SignResponse sig = kms.sign(r -> r.keyId(key.keyId()).signingAlgorithm(alg).messageType(type).message(signed));
      assertThat(sig.keyId()).isEqualTo(key.arn());
      assertThat(sig.signingAlgorithm()).isEqualTo(alg);
      byte[] signature = sig.signature().asByteArray();
      String what = key.keySpec() + " " + alg + " " + type;

      assertThat(jdkVerifies(publicKey, alg, MESSAGE, signature)).as("JDK verifies " + what).isTrue();
      assertThat(jdkVerifies(publicKey, alg, "another message".getBytes(StandardCharsets.UTF_8), signature))
          .as("JDK refuses another message, " + what).isFalse();

      VerifyResponse raw = kms.verify(r -> r.keyId(key.arn()).signingAlgorithm(alg).messageType(MessageType.RAW)
          .message(SdkBytes.fromByteArray(MESSAGE)).signature(sig.signature()));
      assertThat(raw.signatureValid()).as("KMS verifies RAW, " + what).isTrue();
      assertThat(raw.keyId()).isEqualTo(key.arn());
      assertThat(raw.signingAlgorithm()).isEqualTo(alg);
      VerifyResponse dig = kms.verify(r -> r.keyId(key.keyId()).signingAlgorithm(alg).messageType(MessageType.DIGEST)
          .message(SdkBytes.fromByteArray(digest)).signature(sig.signature()));
      assertThat(dig.signatureValid()).as("KMS verifies DIGEST, " + what).isTrue();
    }
  }

  @Test
  void rsaSignaturesOfAllSixAlgorithmsVerifyInKmsAndInTheJdk() throws Exception {
    for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096)) {
      for (SigningAlgorithmSpec alg : RSA_ALGORITHMS) {
        signAndVerifyEverywhere(KEYS.get(spec), alg);
      }
    }
  }

  @Test
  void ecdsaSignaturesVerifyInKmsAndInTheJdk() throws Exception {
    for (var e : EC_ALGORITHMS.entrySet()) {
      signAndVerifyEverywhere(KEYS.get(e.getKey()), e.getValue());
    }
  }

  @Test
  void getPublicKeyOfSigningKeysListsTheirAlgorithms() {
    for (var e : KEYS.entrySet()) {
      var pub = kms.getPublicKey(r -> r.keyId(e.getValue().arn()));
      assertThat(pub.keySpec()).isEqualTo(e.getKey());
      assertThat(pub.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
      assertThat(pub.encryptionAlgorithms()).isEmpty();
      if (e.getKey().toString().startsWith("RSA")) {
        assertThat(pub.signingAlgorithms()).containsExactlyElementsOf(RSA_ALGORITHMS);
      } else {
        assertThat(pub.signingAlgorithms()).containsExactly(EC_ALGORITHMS.get(e.getKey()));
      }
    }
  }

  @Test
  void signingKeysAreNamedByIdArnAliasAndAliasArn() throws Exception {
    KeyMetadata key = KEYS.get(KeySpec.ECC_NIST_P256);
    String alias = uniqueAlias("signer");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    PublicKey publicKey = publicKey(key);
    for (String name : List.of(key.keyId(), key.arn(), alias, aliasArn(alias))) {
      var sig = kms.sign(r -> r.keyId(name).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256).message(SdkBytes.fromByteArray(MESSAGE)));
      assertThat(sig.keyId()).isEqualTo(key.arn());
      assertThat(jdkVerifies(publicKey, SigningAlgorithmSpec.ECDSA_SHA_256, MESSAGE, sig.signature().asByteArray())).isTrue();
      assertThat(kms.verify(r -> r.keyId(name).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
          .message(SdkBytes.fromByteArray(MESSAGE)).signature(sig.signature())).signatureValid()).isTrue();
      assertThat(kms.getPublicKey(r -> r.keyId(name)).keyId()).isEqualTo(key.arn());
    }
  }

  @Test
  void aWrongSignatureIsKmsInvalidSignatureException() {
    for (var e : Map.of(KeySpec.RSA_2048, SigningAlgorithmSpec.RSASSA_PSS_SHA_256,
        KeySpec.RSA_3072, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_384,
        KeySpec.ECC_NIST_P384, SigningAlgorithmSpec.ECDSA_SHA_384).entrySet()) {
      KeyMetadata key = KEYS.get(e.getKey());
      SigningAlgorithmSpec alg = e.getValue();
      byte[] signature = kms.sign(r -> r.keyId(key.keyId()).signingAlgorithm(alg).message(SdkBytes.fromByteArray(MESSAGE)))
          .signature().asByteArray();

      assertKmsError(() -> kms.verify(r -> r.keyId(key.keyId()).signingAlgorithm(alg)
              .message(bytes("a different message")).signature(SdkBytes.fromByteArray(signature))),
          KmsInvalidSignatureException.class, "KMSInvalidSignatureException", null);
      byte[] damaged = signature.clone();
      damaged[damaged.length / 2] ^= 0x10;
      assertKmsError(() -> kms.verify(r -> r.keyId(key.keyId()).signingAlgorithm(alg)
              .message(SdkBytes.fromByteArray(MESSAGE)).signature(SdkBytes.fromByteArray(damaged))),
          KmsInvalidSignatureException.class, "KMSInvalidSignatureException", null);
    }
    KeyMetadata other = KEYS.get(KeySpec.RSA_4096);
    byte[] byOther = kms.sign(r -> r.keyId(other.keyId()).signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)
        .message(SdkBytes.fromByteArray(MESSAGE))).signature().asByteArray();
    assertKmsError(() -> kms.verify(r -> r.keyId(KEYS.get(KeySpec.RSA_2048).keyId()).signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)
            .message(SdkBytes.fromByteArray(MESSAGE)).signature(SdkBytes.fromByteArray(byOther))),
        KmsInvalidSignatureException.class, "KMSInvalidSignatureException", null);
  }

  @Test
  void aDigestOfTheWrongLengthIsValidationException() {
    KeyMetadata key = KEYS.get(KeySpec.RSA_2048);
    assertValidation(() -> kms.sign(r -> r.keyId(key.keyId()).signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_384)
            .messageType(MessageType.DIGEST).message(SdkBytes.fromByteArray(new byte[32]))),
        "Digest is invalid length for algorithm RSASSA_PSS_SHA_384.");
  }

  @Test
  void algorithmsAndKeysMustFit() {
    KeyMetadata p256 = KEYS.get(KeySpec.ECC_NIST_P256);
    assertKmsError(() -> kms.sign(r -> r.keyId(p256.keyId()).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_384)
            .message(SdkBytes.fromByteArray(MESSAGE))),
        InvalidKeyUsageException.class, "InvalidKeyUsageException",
        "Signing algorithm ECDSA_SHA_384 is not compatible with the key spec ECC_NIST_P256 of KMS key " + p256.arn() + ".");
    KeyMetadata rsa = KEYS.get(KeySpec.RSA_2048);
    assertKmsError(() -> kms.sign(r -> r.keyId(rsa.keyId()).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
            .message(SdkBytes.fromByteArray(MESSAGE))),
        InvalidKeyUsageException.class, "InvalidKeyUsageException",
        "Signing algorithm ECDSA_SHA_256 is not compatible with the key spec RSA_2048 of KMS key " + rsa.arn() + ".");
    KeyMetadata symmetric = createSymmetricKey();
    assertKmsError(() -> kms.sign(r -> r.keyId(symmetric.keyId()).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
            .message(SdkBytes.fromByteArray(MESSAGE))),
        InvalidKeyUsageException.class, "InvalidKeyUsageException", symmetric.arn() + " key usage is ENCRYPT_DECRYPT which is not valid for Sign.");
    assertKmsError(() -> kms.encrypt(r -> r.keyId(rsa.keyId()).plaintext(bytes("x"))),
        InvalidKeyUsageException.class, "InvalidKeyUsageException", rsa.arn() + " key usage is SIGN_VERIFY which is not valid for Encrypt.");
  }
}
