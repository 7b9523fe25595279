package keywatch.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import keywatch.server.KeywatchServer;
import keywatch.server.config.ServerConfig;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a client sends, the answer is never a 5xx: random targets (real operation names, near
 * misses, junk) with random bodies (raw bytes, and JSON objects whose members and values are drawn
 * from KMS's own vocabulary so requests get past parsing into the operations). Every answer is
 * either a 200 with a JSON object or an AWS-shaped 4xx. The seed is fixed so runs are repeatable.
 */
class RandomRequestPropertyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The 36 operations keywatch serves, as AWS names them. */
  private static final List<String> OPERATIONS = List.of("CreateKey", "DescribeKey", "ListKeys",
      "UpdateKeyDescription", "EnableKey", "DisableKey", "ScheduleKeyDeletion", "CancelKeyDeletion", "CreateAlias",
      "UpdateAlias", "DeleteAlias", "ListAliases", "Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey",
      "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
      "GenerateRandom", "GetPublicKey", "Sign", "Verify", "GenerateMac", "VerifyMac", "EnableKeyRotation",
      "DisableKeyRotation", "GetKeyRotationStatus", "RotateKeyOnDemand", "ListKeyRotations", "TagResource",
      "UntagResource", "ListResourceTags", "GetKeyPolicy", "PutKeyPolicy", "ListKeyPolicies");

  private static final List<String> MEMBERS = List.of("KeyId", "Plaintext", "CiphertextBlob", "EncryptionContext",
      "NumberOfBytes", "KeySpec", "KeyUsage", "Description", "AliasName", "TargetKeyId", "Limit", "Marker",
      "GrantTokens", "EncryptionAlgorithm", "SigningAlgorithm", "MacAlgorithm", "Message", "MessageType",
      "Signature", "Mac", "PendingWindowInDays", "Tags", "TagKeys", "TagKey", "TagValue", "Policy", "PolicyName",
      "DestinationKeyId", "SourceKeyId", "SourceEncryptionContext", "DestinationEncryptionContext",
      "SourceEncryptionAlgorithm", "DestinationEncryptionAlgorithm", "KeyPairSpec", "RotationPeriodInDays",
      "DryRun", "BypassPolicyLockoutSafetyCheck", "MultiRegion", "Origin", "CustomerMasterKeySpec", "Recipient",
      "IncludeKeyRotationsOnly");

  /** Enum values KMS knows (RSA_3072/4096 left out: generating them would only make the run slow). */
  private static final List<String> WORDS = List.of("SYMMETRIC_DEFAULT", "RSA_2048", "ECC_NIST_P256",
      "ECC_NIST_P384", "HMAC_256", "HMAC_512", "ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC",
      "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSASSA_PSS_SHA_256", "RSASSA_PKCS1_V1_5_SHA_256", "ECDSA_SHA_256",
      "HMAC_SHA_256", "AES_256", "AES_128", "RAW", "DIGEST", "default", "alias/aws/kms", "alias/test", "alias/",
      "arn:aws:kms:us-east-1:111122223333:alias/test", "AWS_KMS", "EXTERNAL", "", " ", "\u0000", "\u00e9\u4e2d",
      "{\"Version\":\"2012-10-17\",\"Statement\":[]}");

  private static Path dataDir;
  private static KeywatchServer server;
  private static RawKmsHttp kms;
  private static String keyId;
  private static String keyArn;
  private static String ciphertext;

  @BeforeContainer
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("keywatch-random-requests");
    server = KeywatchServer.start(ServerConfig.forTests(dataDir), Clock.systemUTC());
    kms = new RawKmsHttp(server.endpoint(), server.config());
    JsonNode created = ok(kms.post("TrentService.CreateKey", "{}"));
    keyId = created.get("KeyMetadata").get("KeyId").asText();
    keyArn = created.get("KeyMetadata").get("Arn").asText();
    ciphertext = ok(kms.post("TrentService.Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"aGVsbG8=\"}"))
        .get("CiphertextBlob").asText();
  }

  @AfterContainer
  static void stop() throws IOException {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (dataDir != null) {
        try (Stream<Path> files = Files.walk(dataDir)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  @Property(tries = 1000, seed = "20261127")
  void noRequestGetsAServerError(@ForAll("targets") String target, @ForAll("bodies") byte[] body) {
    HttpResponse<String> r = kms.post(target, body);

    assertThat(r.statusCode()).as(RawKmsHttp.describe(r)).isLessThan(500);
    Statistics.label("outcome").collect(r.statusCode() == 200 ? "200" : parse(r).path("__type").asText());
    if (r.statusCode() == 200) {
      assertThat(r.headers().firstValue("Content-Type")).as(RawKmsHttp.describe(r)).hasValue(RawKmsHttp.CONTENT_TYPE);
      assertThat(r.headers().firstValue("x-amzn-RequestId")).as(RawKmsHttp.describe(r)).isPresent();
      assertThat(parse(r).isObject()).as(RawKmsHttp.describe(r)).isTrue();
    } else {
      RawKmsHttp.assertAwsErrorShape(r);
    }
  }

  @Provide
  Arbitrary<String> targets() {
    Arbitrary<String> real = Arbitraries.of(OPERATIONS).map(op -> "TrentService." + op);
    Arbitrary<String> nearMiss = Arbitraries.of(OPERATIONS).flatMap(op -> Arbitraries.of(
        "TrentService." + op.toLowerCase(), "TrentService." + op + "X", op, "trentservice." + op,
        "TrentService.." + op, "TrentService." + op + " ", "AWSKMS." + op));
    Arbitrary<String> junk = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80);
    return Arbitraries.frequencyOf(
        Tuple.of(8, real),
        Tuple.of(1, nearMiss),
        Tuple.of(1, junk)).injectNull(0.03);
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<byte[]> rawBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> text = Arbitraries.strings().withChars("{}[]:,\"\\ 0123456789.eE-+truefalsn").ofMaxLength(120)
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> requests = requestObjects().map(RandomRequestPropertyTest::write);
    Arbitrary<byte[]> damaged = requestObjects().map(RandomRequestPropertyTest::write)
        .flatMap(b -> Arbitraries.integers().between(0, Math.max(0, b.length - 1)).map(cut -> java.util.Arrays.copyOf(b, cut)));
    return Arbitraries.frequencyOf(
        Tuple.of(1, rawBytes),
        Tuple.of(1, text),
        Tuple.of(6, requests),
        Tuple.of(1, damaged));
  }

  private Arbitrary<Map<String, Object>> requestObjects() {
    Arbitrary<String> member = Arbitraries.frequencyOf(
        Tuple.of(9, Arbitraries.of(MEMBERS)),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
    return Arbitraries.maps(member, value(2)).ofMaxSize(5).map(m -> (Map<String, Object>) new LinkedHashMap<>(m));
  }

  private Arbitrary<Object> value(int depth) {
    Arbitrary<Object> strings = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of(WORDS)),
        Tuple.of(4, Arbitraries.of("KEY", "ARN", "CIPHERTEXT")
            .map(s -> switch (s) {
              case "KEY" -> keyId;
              case "ARN" -> keyArn;
              default -> ciphertext;
            })),
        Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMaxSize(80).map(b -> Base64.getEncoder().encodeToString(b))),
        Tuple.of(2, Arbitraries.strings().ofMaxLength(40))).map(s -> (Object) s);
    Arbitrary<Object> numbers = Arbitraries.oneOf(
        Arbitraries.integers().between(-5, 5000).map(i -> (Object) i),
        Arbitraries.of(0, 1, 7, 30, 32, 64, 1024, 1025, 4096, 4097, Integer.MAX_VALUE, Integer.MIN_VALUE).map(i -> (Object) i),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.doubles().map(d -> (Object) d));
    Arbitrary<Object> scalars = Arbitraries.frequencyOf(
        Tuple.of(6, strings),
        Tuple.of(3, numbers),
        Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object) b)),
        Tuple.of(1, Arbitraries.just(null)));
    if (depth == 0) {
      return scalars;
    }
    Arbitrary<Object> lists = value(depth - 1).list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
    Arbitrary<Object> maps = Arbitraries.maps(Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.of(MEMBERS)), Tuple.of(3, Arbitraries.strings().ofMaxLength(8))), value(depth - 1))
        .ofMaxSize(4).map(m -> (Object) new LinkedHashMap<>(m));
    return Arbitraries.frequencyOf(Tuple.of(6, scalars), Tuple.of(2, lists), Tuple.of(2, maps));
  }

  private static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(RawKmsHttp.describe(r)).isEqualTo(200);
    return parse(r);
  }

  private static JsonNode parse(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + RawKmsHttp.describe(r), e);
    }
  }
}
