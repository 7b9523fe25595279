package keywatch.iam.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the request, what the signer signs the verifier accepts; and any change to the body, a
 * signed header, the path, the query or the date makes it an InvalidSignatureException.
 */
class SignVerifyRoundTripProperties {

  static final Instant T = Instant.parse("2026-11-27T15:00:00Z");
  static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);
  static final Credential KEY = Credential.longTerm("AKIAROUNDTRIP0000001", "round/trip+SECRET");
  static final CredentialLookup LOOKUP = id -> Optional.of(KEY).filter(k -> k.accessKeyId()
      .equals(id));
  static final SigV4Signer SIGNER = new SigV4Signer(CLOCK);
  static final SigV4Verifier VERIFIER = new SigV4Verifier(CLOCK);

  enum Change { BODY, SIGNED_HEADER, PATH, QUERY, DATE, METHOD }

  @Property(tries = 300)
  void whatIsSignedVerifies(@ForAll("requests") SignedRequest request) {
    SignedRequest signed = SIGNER.sign(request, KEY, "us-east-1", "kms");
    assertThat(VERIFIER.verify(signed, LOOKUP).accessKeyId()).isEqualTo(KEY.accessKeyId());
  }

  @Property(tries = 300)
  void anyChangeBreaksTheSignature(@ForAll("requests") SignedRequest request,
      @ForAll Change change, @ForAll @IntRange(min = 0, max = 1000) int where) {
    SignedRequest signed = SIGNER.sign(request, KEY, "us-east-1", "kms");
    SignedRequest changed = change(signed, change, where);
    assertThatThrownBy(() -> VERIFIER.verify(changed, LOOKUP))
        .isInstanceOfSatisfying(SigV4Exception.class,
            e -> assertThat(e.errorCode()).isEqualTo("InvalidSignatureException"));
  }

  /** Header-name case, header order and the spelling of the query's encoding do not matter. */
  @Property(tries = 200)
  void equivalentSpellingsStillVerify(@ForAll("requests") SignedRequest request) {
    SignedRequest signed = SIGNER.sign(request, KEY, "us-east-1", "kms");
    Map<String, List<String>> recased = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(signed.headers().keySet());
    java.util.Collections.reverse(names);
    for (String name : names) {
      recased.put(name.toUpperCase(Locale.ROOT), signed.headers().get(name));
    }
    String query = signed.rawQuery().replace("~", "%7E").replace("%2A", "%2a");
    SignedRequest respelled = new SignedRequest(signed.method(), signed.rawPath(), query,
        recased, signed.body());
    assertThat(VERIFIER.verify(respelled, LOOKUP).accessKeyId()).isEqualTo(KEY.accessKeyId());
  }

  static SignedRequest change(SignedRequest r, Change change, int where) {
    return switch (change) {
      case BODY -> {
        byte[] body = r.body().length == 0 ? new byte[] {0}
            : Arrays.copyOf(r.body(), r.body().length);
        if (r.body().length > 0) {
          body[where % body.length] ^= (byte) (1 << (where % 8));
        }
        yield KmsRequests.withBody(r, body);
      }
      case SIGNED_HEADER -> {
        List<String> names = new ArrayList<>(r.headers().keySet());
        names.removeIf(n -> n.equalsIgnoreCase("Authorization")
            || SigV4Signer.UNSIGNED_HEADERS.contains(n.toLowerCase(Locale.ROOT))
            || n.equalsIgnoreCase("X-Amz-Date"));
        String name = names.get(where % names.size());
        yield KmsRequests.withHeader(r, name, r.headers().get(name).get(0) + "x");
      }
      case PATH -> new SignedRequest(r.method(),
          r.rawPath() + (r.rawPath().endsWith("/") ? "x" : "/x"), r.rawQuery(), r.headers(),
          r.body());
      case QUERY -> new SignedRequest(r.method(), r.rawPath(),
          r.rawQuery().isEmpty() ? "x=1" : r.rawQuery() + "&x=" + where, r.headers(), r.body());
      case DATE -> KmsRequests.withHeader(r, "X-Amz-Date", SigV4Verifier.AMZ_DATE.format(
          T.plusSeconds(1 + where % 200)));
      case METHOD -> new SignedRequest(r.method().equals("POST") ? "PUT" : "POST", r.rawPath(),
          r.rawQuery(), r.headers(), r.body());
    };
  }

  @Provide
  Arbitrary<SignedRequest> requests() {
    Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH");
    Arbitrary<String> segment = Arbitraries.strings().ofMinLength(1).ofMaxLength(12)
        .withChars("abcXYZ019-_.~ %+/?#&=é☃").filter(s -> !s.equals(".") && !s.equals(".."))
        .map(s -> Canonical.uriEncode(s)); // as a client puts it on the wire
    Arbitrary<String> path = segment.list().ofMaxSize(4)
        .map(segments -> "/" + String.join("/", segments));
    Arbitrary<String> param = Combinators.combine(
        Arbitraries.strings().ofMinLength(1).ofMaxLength(8).withChars("abcXYZ019-_.~ %+é&="),
        Arbitraries.strings().ofMaxLength(8).withChars("abcXYZ019-_.~ %+é&=/"))
        .as((k, v) -> Canonical.uriEncode(k) + "=" + Canonical.uriEncode(v));
    Arbitrary<String> query = param.list().ofMaxSize(4).map(ps -> String.join("&", ps));
    Arbitrary<Map<String, List<String>>> headers = Arbitraries.maps(
        Arbitraries.strings().ofMinLength(1).ofMaxLength(10).withChars("abcdefxyz-0123")
            .map(n -> "X-Test-" + n),
        Arbitraries.strings().ofMaxLength(20).withCharRange(' ', '~').list().ofMinSize(1)
            .ofMaxSize(3))
        .ofMaxSize(4)
        .map(extra -> {
          Map<String, List<String>> h = new LinkedHashMap<>();
          h.put("Host", List.of("kms.us-east-1.amazonaws.com"));
          h.put("Content-Type", List.of("application/x-amz-json-1.1"));
          h.put("X-Amz-Target", List.of("TrentService.Encrypt"));
          h.putAll(extra);
          return h;
        });
    Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    return Combinators.combine(method, path, query, headers, body).as(SignedRequest::new);
  }
}
