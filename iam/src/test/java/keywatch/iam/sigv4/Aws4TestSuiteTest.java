package keywatch.iam.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * AWS's Signature Version 4 test suite (2015-08-30 edition: every .req, .creq, .sts, .authz and
 * .sreq), run through the signer and the verifier. Source of the vectors and the two the source
 * contradicts itself on: src/test/resources/keywatch/iam/sigv4/README.md.
 */
class Aws4TestSuiteTest {

  static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");
  static final String KEY_ID = "AKIDEXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final String SUITE_TOKEN = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4"
      + "FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1Nt"
      + "BmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rK"
      + "wT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICC"
      + "R/oLxBA==";

  /**
   * Checks the source itself makes impossible: its .req/.creq include Content-Length (and, for
   * -parameters, "charset=utf-8") while its .sts/.authz were computed without Content-Length
   * (and over "charset=utf8"). SHA-256 of the .creq does not equal the hash in the .sts, so no
   * implementation can pass those checks. The corrected vectors from aws-c-auth run in
   * {@link AwsCAuthSignedRequestsTest}.
   */
  static final Map<String, Set<String>> CONTRADICTED_BY_SOURCE = Map.of(
      "post-x-www-form-urlencoded", Set.of("sts", "authz"),
      "post-x-www-form-urlencoded-parameters", Set.of("sts", "authz", "verify"));

  static final Clock CLOCK = Clock.fixed(SUITE_TIME, ZoneOffset.UTC);

  record Vector(String group, String name, String req, String creq, String sts, String authz,
      String sreq) {}

  static List<Vector> vectors() {
    try (InputStream in = Aws4TestSuiteTest.class.getResourceAsStream("aws4_testsuite.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<Vector> out = new ArrayList<>();
      root.fields().forEachRemaining(group -> group.getValue().forEach(v -> out.add(new Vector(
          group.getKey(), v.get("name").asText(), v.get("req").asText(), v.get("creq").asText(),
          v.get("sts").asText(), v.get("authz").asText(), v.get("sreq").asText()))));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyVectorSignsAndVerifies() {
    List<Vector> vectors = vectors();
    List<String> failures = new ArrayList<>();
    int checks = 0;
    int skipped = 0;
    SigV4Signer signer = new SigV4Signer(CLOCK);
    SigV4Verifier verifier = new SigV4Verifier(CLOCK);
    for (Vector v : vectors) {
      Set<String> skip = CONTRADICTED_BY_SOURCE.getOrDefault(v.name(), Set.of());
      // The token is signed only when the request carried it before signing.
      boolean tokenSigned = v.req().contains("X-Amz-Security-Token");
      Credential signing = new Credential(KEY_ID, SECRET, tokenSigned ? SUITE_TOKEN : null, null);
      Credential stored = new Credential(KEY_ID, SECRET,
          v.sreq().contains("X-Amz-Security-Token") ? SUITE_TOKEN : null, null);
      try {
        SigV4Signer.Signing s = signer.signDetailed(
            RequestText.parse(v.req()), signing, "us-east-1", "service");
        checks++;
        if (!s.canonicalRequest().equals(v.creq())) {
          failures.add(v.name() + ": canonical request\n" + s.canonicalRequest());
        }
        for (String part : List.of("sts", "authz")) {
          if (skip.contains(part)) {
            skipped++;
            continue;
          }
          checks++;
          String expected = part.equals("sts") ? v.sts() : v.authz();
          String actual = part.equals("sts") ? s.stringToSign() : s.authorization();
          if (!actual.equals(expected)) {
            failures.add(v.name() + ": " + part + "\n" + actual);
          }
        }
      } catch (RuntimeException e) {
        failures.add(v.name() + ": signing threw " + e);
      }
      if (skip.contains("verify")) {
        skipped++;
        continue;
      }
      checks++;
      try {
        Verified ok = verifier.verify(RequestText.parse(v.sreq()), id -> Optional.of(stored));
        if (!ok.equals(new Verified(KEY_ID, "us-east-1", "service", SUITE_TIME,
            stored.sessionToken()))) {
          failures.add(v.name() + ": verified as " + ok);
        }
      } catch (SigV4Exception e) {
        failures.add(v.name() + ": .sreq rejected: " + e.errorCode() + ": " + e.getMessage());
      }
    }
    System.out.printf("AWS SigV4 test suite: %d vectors, %d checks passed, %d contradicted by"
        + " the source and skipped%n", vectors.size(), checks - failures.size(), skipped);
    assertThat(vectors).hasSize(31);
    assertThat(failures).isEmpty();
  }

  static String resource(String path) {
    try (InputStream in = Aws4TestSuiteTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
