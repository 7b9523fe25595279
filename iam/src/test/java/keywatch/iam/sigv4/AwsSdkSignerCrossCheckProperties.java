package keywatch.iam.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Requests signed by the AWS SDK for Java v2's own signer ({@code AwsV4HttpSigner}, the one every
 * v2 client uses, with its defaults: path normalized and double-encoded, payload hashed) must pass
 * keywatch's verifier, in the header form and as presigned URLs; and our signer must produce the
 * SDK's signature for the same request.
 */
class AwsSdkSignerCrossCheckProperties {

  static final Instant T = Instant.parse("2026-11-27T15:00:00Z");
  static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);
  static final String KEY_ID = "ASIASDKCROSSCHECK001";
  static final String SECRET = "sdk/cross+check/SECRET0000000000000000000";
  static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//session+token==";
  static final Credential TEMPORARY = new Credential(KEY_ID, SECRET, TOKEN, T.plusSeconds(3600));
  static final Credential LONG_TERM = Credential.longTerm("AKIASDKCROSSCHECK002", SECRET);
  static final CredentialLookup LOOKUP = id -> Optional.of(id.equals(KEY_ID) ? TEMPORARY
      : LONG_TERM).filter(c -> c.accessKeyId().equals(id));
  static final SigV4Verifier VERIFIER = new SigV4Verifier(CLOCK);

  record SdkInput(SdkHttpRequest request, byte[] body, boolean temporary) {}

  @Property(tries = 300)
  void whatTheSdkSignsVerifies(@ForAll("sdkRequests") SdkInput in) {
    SignedRequest signed = sdkSign(in, AuthLocation.HEADER, "kms");
    Verified v = VERIFIER.verify(signed, LOOKUP);
    assertThat(v.accessKeyId()).isEqualTo(in.temporary() ? KEY_ID : LONG_TERM.accessKeyId());
    assertThat(v.sessionToken()).isEqualTo(in.temporary() ? TOKEN : null);
    assertThat(v.service()).isEqualTo("kms");
    assertThat(v.requestTime()).isEqualTo(T);
  }

  @Property(tries = 200)
  void whatTheSdkPresignsVerifies(@ForAll("sdkRequests") SdkInput in) {
    SignedRequest presigned = sdkSign(in, AuthLocation.QUERY_STRING, "sts");
    assertThat(presigned.rawQuery()).contains("X-Amz-Signature=");
    assertThat(VERIFIER.verify(presigned, LOOKUP).service()).isEqualTo("sts");
  }

  @Property(tries = 200)
  void oursMatchesTheSdksSignature(@ForAll("sdkRequests") SdkInput in) {
    SignedRequest bySdk = sdkSign(in, AuthLocation.HEADER, "kms");
    Map<String, List<String>> unsigned = new LinkedHashMap<>(bySdk.headers());
    unsigned.keySet().removeIf(n -> n.equalsIgnoreCase("Authorization"));
    SignedRequest ours = new SigV4Signer(CLOCK).sign(new SignedRequest(bySdk.method(),
        bySdk.rawPath(), bySdk.rawQuery(), unsigned, bySdk.body()),
        in.temporary() ? TEMPORARY : LONG_TERM, "us-east-1", "kms");
    assertThat(KmsRequests.header(ours, "Authorization"))
        .isEqualTo(KmsRequests.header(bySdk, "Authorization"));
  }

  @Example
  void anSdkSignedKmsEncryptWithAnAlteredBodyIsRejected() {
    SdkHttpRequest encrypt = SdkHttpRequest.builder().protocol("https")
        .host("kms.us-east-1.amazonaws.com").method(SdkHttpMethod.POST).encodedPath("/")
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", "TrentService.Encrypt").build();
    byte[] body = "{\"KeyId\":\"alias/app\",\"Plaintext\":\"aGVsbG8=\"}"
        .getBytes(StandardCharsets.UTF_8);
    SignedRequest signed = sdkSign(new SdkInput(encrypt, body, true), AuthLocation.HEADER, "kms");
    assertThat(VERIFIER.verify(signed, LOOKUP).sessionToken()).isEqualTo(TOKEN);
    SignedRequest altered = KmsRequests.withBody(signed,
        "{\"KeyId\":\"alias/xyz\",\"Plaintext\":\"aGVsbG8=\"}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> VERIFIER.verify(altered, LOOKUP))
        .isInstanceOfSatisfying(SigV4Exception.class,
            e -> assertThat(e.errorCode()).isEqualTo("InvalidSignatureException"));
  }

  /** Signs with the SDK, then turns its request into what a server sees on the wire. */
  static SignedRequest sdkSign(SdkInput in, AuthLocation location, String service) {
    AwsCredentialsIdentity identity = in.temporary()
        ? AwsSessionCredentialsIdentity.create(KEY_ID, SECRET, TOKEN)
        : AwsCredentialsIdentity.create(LONG_TERM.accessKeyId(), SECRET);
    SdkHttpRequest out = AwsV4HttpSigner.create().sign(r -> {
      r.identity(identity)
          .request(in.request())
          .payload(ContentStreamProvider.fromByteArray(in.body()))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
          .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
          .putProperty(AwsV4HttpSigner.AUTH_LOCATION, location)
          .putProperty(HttpSigner.SIGNING_CLOCK, CLOCK);
      if (location == AuthLocation.QUERY_STRING) {
        r.putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(15));
      }
    }).request();
    Map<String, List<String>> headers = new LinkedHashMap<>(out.headers());
    if (headers.keySet().stream().noneMatch(n -> n.equalsIgnoreCase("Host"))) {
      headers.put("Host", List.of(out.host())); // what the HTTP client sends for port 443
    }
    return new SignedRequest(out.method().name(), out.encodedPath(),
        out.encodedQueryParameters().orElse(""), headers, in.body());
  }

  @Provide
  Arbitrary<SdkInput> sdkRequests() {
    Arbitrary<SdkHttpMethod> method = Arbitraries.of(SdkHttpMethod.GET, SdkHttpMethod.POST,
        SdkHttpMethod.PUT, SdkHttpMethod.DELETE);
    Arbitrary<String> segment = Arbitraries.strings().ofMinLength(1).ofMaxLength(10)
        .withChars("abcXYZ019-_.~ %+*?#&=é☃").filter(s -> !s.equals(".") && !s.equals(".."))
        .map(Canonical::uriEncode);
    Arbitrary<String> path = segment.list().ofMaxSize(3).map(s -> "/" + String.join("/", s));
    Arbitrary<Map<String, String>> query = Arbitraries.maps(
        Arbitraries.strings().ofMinLength(1).ofMaxLength(8).withChars("abcXYZ019-_.~ %+*é&="),
        Arbitraries.strings().ofMaxLength(8).withChars("abcXYZ019-_.~ %+*é&=/")).ofMaxSize(3);
    Arbitrary<Map<String, String>> headers = Arbitraries.maps(
        Arbitraries.strings().ofMinLength(1).ofMaxLength(8).withChars("abcxyz-019")
            .map(n -> "X-Test-" + n),
        Arbitraries.strings().ofMaxLength(16).withCharRange(' ', '~')).ofMaxSize(3);
    Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<Boolean> temporary = Arbitraries.of(true, false);
    return Combinators.combine(method, path, query, headers, body, temporary)
        .as((m, p, q, h, b, t) -> {
          SdkHttpRequest.Builder r = SdkHttpRequest.builder().protocol("https")
              .host("kms.us-east-1.amazonaws.com").method(m).encodedPath(p)
              .putHeader("Content-Type", "application/x-amz-json-1.1")
              .putHeader("X-Amz-Target", "TrentService.Encrypt");
          q.forEach(r::appendRawQueryParameter);
          h.forEach(r::putHeader);
          return new SdkInput(r.build(), b, t);
        });
  }
}
