package keywatch.server.sdk;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * One keywatch server on embedded H2 for all the tests of a class (the clock is never moved
 * there; tests that move time start their own). Every test creates the keys it uses, so tests do
 * not depend on each other or on their order.
 */
abstract class SdkTestBase {
  @TempDir
  static Path dataDir;

  static KeywatchHarness harness;
  static KmsClient kms;

  @BeforeAll
  static void startServer() throws Exception {
    harness = KeywatchHarness.start(dataDir);
    kms = harness.kms();
  }

  @AfterAll
  static void stopServer() throws Exception {
    harness.close();
  }

  static KeyMetadata createKey(KeySpec spec, KeyUsageType usage) {
    return kms.createKey(r -> r.keySpec(spec).keyUsage(usage)).keyMetadata();
  }

  static KeyMetadata createSymmetricKey() {
    return kms.createKey(r -> { }).keyMetadata();
  }

  static SdkBytes bytes(String s) {
    return SdkBytes.fromUtf8String(s);
  }

  static SdkBytes encrypt(String keyId, String plaintext, Map<String, String> context) {
    return kms.encrypt(r -> r.keyId(keyId).plaintext(bytes(plaintext)).encryptionContext(context)).ciphertextBlob();
  }

  static String decrypt(SdkBytes blob, Map<String, String> context) {
    return kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(context)).plaintext().asUtf8String();
  }

  static String uniqueAlias(String prefix) {
    return "alias/" + prefix + "-" + java.util.UUID.randomUUID();
  }
}
