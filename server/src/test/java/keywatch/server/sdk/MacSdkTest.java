package keywatch.server.sdk;

import static keywatch.server.sdk.KeywatchHarness.aliasArn;
import static keywatch.server.sdk.SdkAssertions.assertKmsError;
import static keywatch.server.sdk.SdkAssertions.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/** GenerateMac and VerifyMac with HMAC keys of every size (local checks of the MAC value are in PersistenceSdkTest). */
class MacSdkTest extends SdkTestBase {
  static final Map<KeySpec, MacAlgorithmSpec> ALGORITHMS = Map.of(
      KeySpec.HMAC_224, MacAlgorithmSpec.HMAC_SHA_224,
      KeySpec.HMAC_256, MacAlgorithmSpec.HMAC_SHA_256,
      KeySpec.HMAC_384, MacAlgorithmSpec.HMAC_SHA_384,
      KeySpec.HMAC_512, MacAlgorithmSpec.HMAC_SHA_512);

  @Test
  void everyHmacSpecGeneratesAndVerifiesItsMac() {
    for (var e : ALGORITHMS.entrySet()) {
      KeyMetadata key = createKey(e.getKey(), KeyUsageType.GENERATE_VERIFY_MAC);
      MacAlgorithmSpec alg = e.getValue();
      assertThat(key.macAlgorithms()).containsExactly(alg);

      var mac = kms.generateMac(r -> r.keyId(key.keyId()).macAlgorithm(alg).message(bytes("message")));
      assertThat(mac.keyId()).isEqualTo(key.arn());
      assertThat(mac.macAlgorithm()).isEqualTo(alg);
      int bits = Integer.parseInt(alg.toString().substring("HMAC_SHA_".length()));
      assertThat(mac.mac().asByteArray()).as(alg.toString()).hasSize(bits / 8);
      assertThat(kms.generateMac(r -> r.keyId(key.keyId()).macAlgorithm(alg).message(bytes("message"))).mac())
          .as("HMAC is deterministic").isEqualTo(mac.mac());

      var verified = kms.verifyMac(r -> r.keyId(key.arn()).macAlgorithm(alg).message(bytes("message")).mac(mac.mac()));
      assertThat(verified.macValid()).isTrue();
      assertThat(verified.keyId()).isEqualTo(key.arn());
      assertThat(verified.macAlgorithm()).isEqualTo(alg);
    }
  }

  @Test
  void hmacKeysAreNamedByIdArnAliasAndAliasArn() {
    KeyMetadata key = createKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    String alias = uniqueAlias("mac");
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    SdkBytes expected = kms.generateMac(r -> r.keyId(key.keyId()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).message(bytes("m"))).mac();
    for (String name : List.of(key.arn(), alias, aliasArn(alias))) {
      assertThat(kms.generateMac(r -> r.keyId(name).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).message(bytes("m"))).mac())
          .isEqualTo(expected);
    }
  }

  @Test
  void aWrongMacIsKmsInvalidMacException() {
    KeyMetadata key = createKey(KeySpec.HMAC_512, KeyUsageType.GENERATE_VERIFY_MAC);
    byte[] mac = kms.generateMac(r -> r.keyId(key.keyId()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_512).message(bytes("m")))
        .mac().asByteArray();

    assertKmsError(() -> kms.verifyMac(r -> r.keyId(key.keyId()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_512)
        .message(bytes("n")).mac(SdkBytes.fromByteArray(mac))), KmsInvalidMacException.class, "KMSInvalidMacException", null);
    byte[] damaged = mac.clone();
    damaged[0] ^= 1;
    assertKmsError(() -> kms.verifyMac(r -> r.keyId(key.keyId()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_512)
        .message(bytes("m")).mac(SdkBytes.fromByteArray(damaged))), KmsInvalidMacException.class, "KMSInvalidMacException", null);
    byte[] truncated = java.util.Arrays.copyOf(mac, 32);
    assertKmsError(() -> kms.verifyMac(r -> r.keyId(key.keyId()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_512)
        .message(bytes("m")).mac(SdkBytes.fromByteArray(truncated))), KmsInvalidMacException.class, "KMSInvalidMacException", null);
    KeyMetadata other = createKey(KeySpec.HMAC_512, KeyUsageType.GENERATE_VERIFY_MAC);
    assertKmsError(() -> kms.verifyMac(r -> r.keyId(other.keyId()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_512)
        .message(bytes("m")).mac(SdkBytes.fromByteArray(mac))), KmsInvalidMacException.class, "KMSInvalidMacException", null);
  }

  @Test
  void algorithmsKeysAndMessageSizesMustFit() {
    KeyMetadata key = createKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    assertKmsError(() -> kms.generateMac(r -> r.keyId(key.keyId()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_384).message(bytes("m"))),
        InvalidKeyUsageException.class, "InvalidKeyUsageException",
        "MAC algorithm HMAC_SHA_384 is not compatible with the key spec HMAC_256 of KMS key " + key.arn() + ".");
    KeyMetadata symmetric = createSymmetricKey();
    assertKmsError(() -> kms.generateMac(r -> r.keyId(symmetric.keyId()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).message(bytes("m"))),
        InvalidKeyUsageException.class, "InvalidKeyUsageException", symmetric.arn() + " key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.");
    assertKmsError(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("m"))),
        InvalidKeyUsageException.class, "InvalidKeyUsageException", key.arn() + " key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt.");
    kms.generateMac(r -> r.keyId(key.keyId()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).message(SdkBytes.fromByteArray(new byte[4096])));
    assertValidation(() -> kms.generateMac(r -> r.keyId(key.keyId()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
            .message(SdkBytes.fromByteArray(new byte[4097]))),
        "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096");
  }
}
