package keywatch.kms.operation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import keywatch.kms.protocol.Json;
import keywatch.kms.testing.TestKms;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of symmetric Encrypt/Decrypt through the JSON 1.1 binding: round trips for any
 * plaintext and context, and no change of the ciphertext, however small, ever decrypts.
 */
class EncryptDecryptProperties {
  private static final TestKms kms = new TestKms();
  private static final String keyId = kms.createKey("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT");

  /** Contexts of valid Unicode text (JSON cannot carry lone surrogates). */
  @Provide
  Arbitrary<Map<String, String>> contexts() {
    Arbitrary<String> keys = Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\ufffd').ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> values = Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\ufffd').ofMinLength(0).ofMaxLength(20);
    return Arbitraries.maps(keys, values).ofMaxSize(5);
  }

  @Property(tries = 300)
  void anyPlaintextAndContextRoundTrips(@ForAll @Size(min = 1, max = 4096) byte[] plaintext,
      @ForAll("contexts") Map<String, String> context) {
    byte[] blob = encrypt(plaintext, context);
    JsonNode out = kms.ok("Decrypt", decryptRequest(blob, context));
    assertThat(TestKms.unb64(out.get("Plaintext"))).isEqualTo(plaintext);
    assertThat(out.get("KeyId").asText()).endsWith(keyId);
    assertThat(out.get("EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
  }

  @Property(tries = 300)
  void everySingleBitFlipIsInvalidCiphertext(@ForAll @Size(min = 1, max = 64) byte[] plaintext,
      @ForAll @IntRange(min = 0, max = 1_000_000) int position) {
    byte[] blob = encrypt(plaintext, Map.of("purpose", "test"));
    int bit = position % (blob.length * 8);
    blob[bit / 8] ^= (byte) (1 << (bit % 8));
    TestKms.Result r = kms.call("Decrypt", decryptRequest(blob, Map.of("purpose", "test")));
    assertThat(r.errorType()).isEqualTo("InvalidCiphertextException");
  }

  @Property(tries = 200)
  void aDifferentContextNeverDecrypts(@ForAll("contexts") Map<String, String> a, @ForAll("contexts") Map<String, String> b) {
    net.jqwik.api.Assume.that(!a.equals(b));
    byte[] blob = encrypt("secret".getBytes(), a);
    TestKms.Result r = kms.call("Decrypt", decryptRequest(blob, b));
    assertThat(r.errorType()).isEqualTo("InvalidCiphertextException");
  }

  @Example
  void contextsThatConcatenateAlikeDoNotAuthenticateEachOther() {
    byte[] ab = encrypt("x".getBytes(), Map.of("ab", "c"));
    byte[] a = encrypt("x".getBytes(), Map.of("a", "bc"));
    assertThat(kms.call("Decrypt", decryptRequest(ab, Map.of("a", "bc"))).errorType()).isEqualTo("InvalidCiphertextException");
    assertThat(kms.call("Decrypt", decryptRequest(a, Map.of("ab", "c"))).errorType()).isEqualTo("InvalidCiphertextException");
    assertThat(kms.call("Decrypt", decryptRequest(ab, Map.of("ab", "c"))).response().failed()).isFalse();
  }

  @Example
  void truncatedAndEmptyCiphertextsAreInvalid() {
    byte[] blob = encrypt("hello".getBytes(), Map.of());
    for (int len = 1; len < blob.length; len += 7) {
      byte[] cut = java.util.Arrays.copyOf(blob, len);
      assertThat(kms.call("Decrypt", decryptRequest(cut, Map.of())).errorType()).as("length %d", len)
          .isEqualTo("InvalidCiphertextException");
    }
  }

  private static byte[] encrypt(byte[] plaintext, Map<String, String> context) {
    ObjectNode req = Json.object().put("KeyId", keyId).put("Plaintext", TestKms.b64(plaintext));
    ObjectNode ctx = req.putObject("EncryptionContext");
    context.forEach(ctx::put);
    return TestKms.unb64(kms.ok("Encrypt", req).get("CiphertextBlob"));
  }

  private static ObjectNode decryptRequest(byte[] blob, Map<String, String> context) {
    ObjectNode req = Json.object().put("CiphertextBlob", TestKms.b64(blob));
    ObjectNode ctx = req.putObject("EncryptionContext");
    context.forEach(ctx::put);
    return req;
  }
}
