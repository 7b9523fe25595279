package keywatch.kms.operation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import keywatch.kms.key.SigningAlgorithm;
import keywatch.kms.protocol.Json;
import keywatch.kms.testing.TestKms;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Sign and Verify for every signing algorithm: signatures verify through KMS and with the JDK's
 * standard verifier on the public key from GetPublicKey, and fail after any change to the message
 * or the signature.
 */
class SignVerifyProperties {
  private static final TestKms kms = new TestKms();
  private static final Map<String, String> keys = new ConcurrentHashMap<>();

  private static String keyFor(SigningAlgorithm alg) {
    String spec = switch (alg) {
      case ECDSA_SHA_256 -> "ECC_NIST_P256";
      case ECDSA_SHA_384 -> "ECC_NIST_P384";
      case ECDSA_SHA_512 -> "ECC_NIST_P521";
      default -> "RSA_2048";
    };
    return keys.computeIfAbsent(spec, s -> kms.createKey(s, "SIGN_VERIFY"));
  }

  @Property(tries = 120)
  void signaturesVerifyHereAndWithTheJdk(@ForAll SigningAlgorithm alg, @ForAll @Size(min = 1, max = 4096) byte[] message,
      @ForAll boolean digestMode) throws Exception {
    String keyId = keyFor(alg);
    byte[] sent = digestMode ? MessageDigest.getInstance(alg.digestName()).digest(message) : message;
    JsonNode signed = kms.ok("Sign", signRequest(keyId, alg, sent, digestMode));
    byte[] signature = TestKms.unb64(signed.get("Signature"));

    assertThat(kms.ok("Verify", signRequest(keyId, alg, sent, digestMode).put("Signature", TestKms.b64(signature)))
        .get("SignatureValid").asBoolean()).isTrue();
    assertThat(jdkVerify(keyId, alg, message, signature)).as("JDK verifies the raw message").isTrue();
  }

  @Property(tries = 120)
  void anyChangeFailsVerification(@ForAll SigningAlgorithm alg, @ForAll @Size(min = 1, max = 256) byte[] message,
      @ForAll @IntRange(min = 0, max = 100_000) int position, @ForAll boolean flipSignature) {
    String keyId = keyFor(alg);
    byte[] signature = TestKms.unb64(kms.ok("Sign", signRequest(keyId, alg, message, false)).get("Signature"));
    byte[] changed = flipSignature ? signature.clone() : message.clone();
    int bit = position % (changed.length * 8);
    changed[bit / 8] ^= (byte) (1 << (bit % 8));
    byte[] m = flipSignature ? message : changed;
    byte[] s = flipSignature ? changed : signature;
    TestKms.Result r = kms.call("Verify", signRequest(keyId, alg, m, false).put("Signature", TestKms.b64(s)));
    assertThat(r.errorType()).isEqualTo("KMSInvalidSignatureException");
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode signRequest(String keyId, SigningAlgorithm alg, byte[] message, boolean digest) {
    return Json.object().put("KeyId", keyId).put("Message", TestKms.b64(message))
        .put("MessageType", digest ? "DIGEST" : "RAW").put("SigningAlgorithm", alg.name());
  }

  private static boolean jdkVerify(String keyId, SigningAlgorithm alg, byte[] message, byte[] signature) throws Exception {
    byte[] der = TestKms.unb64(kms.ok("GetPublicKey", Json.object().put("KeyId", keyId)).get("PublicKey"));
    boolean ec = alg.name().startsWith("ECDSA");
    PublicKey pub = KeyFactory.getInstance(ec ? "EC" : "RSA").generatePublic(new X509EncodedKeySpec(der));
    String hash = alg.digestName().replace("-", "");
    Signature v;
    if (alg.isPss()) {
      v = Signature.getInstance("RSASSA-PSS");
      v.setParameter(new PSSParameterSpec(alg.digestName(), "MGF1", new MGF1ParameterSpec(alg.digestName()), alg.digestBytes(), 1));
    } else {
      v = Signature.getInstance(hash + (ec ? "withECDSA" : "withRSA"));
    }
    v.initVerify(pub);
    v.update(message);
    return v.verify(signature);
  }
}
