package keywatch.iam.sigv4;

import static keywatch.iam.sigv4.KmsRequests.encrypt;
import static keywatch.iam.sigv4.KmsRequests.header;
import static keywatch.iam.sigv4.KmsRequests.withBody;
import static keywatch.iam.sigv4.KmsRequests.withHeader;
import static keywatch.iam.sigv4.KmsRequests.withoutHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each way a request can fail to authenticate, with AWS's error code and message. */
class SigV4VerifierTest {

  static final Instant T = Instant.parse("2015-08-30T12:36:00Z");
  static final String KEY_ID = "AKIAKEYWATCHEXAMPLE1";
  static final String SECRET = "kw/SECRET+never/printed/EXAMPLEKEY0000000";
  static final String TEMP_KEY_ID = "ASIAKEYWATCHEXAMPLE2";
  static final String TEMP_SECRET = "kw/TEMP+SECRET/never/printed/EXAMPLE0000";
  static final String TOKEN = "FwoGZXIvYXdzEXAMPLE-session-token-never-printed";

  static final Credential LONG_TERM = Credential.longTerm(KEY_ID, SECRET);
  static final Credential TEMPORARY =
      new Credential(TEMP_KEY_ID, TEMP_SECRET, TOKEN, T.plus(Duration.ofHours(1)));
  static final CredentialLookup LOOKUP = id -> Map.of(KEY_ID, LONG_TERM, TEMP_KEY_ID, TEMPORARY)
      .entrySet().stream().filter(e -> e.getKey().equals(id)).map(Map.Entry::getValue)
      .findFirst();

  static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  static SignedRequest signedAt(Instant t, Credential c) {
    return new SigV4Signer(at(t)).sign(encrypt("aGVsbG8="), c, "us-east-1", "kms");
  }

  static Verified verifyAt(Instant t, SignedRequest r) {
    return new SigV4Verifier(at(t)).verify(r, LOOKUP);
  }

  /** Every message checked here must leave out the secrets and the token. */
  static final List<String> MESSAGES = new ArrayList<>();

  static void assertFails(ThrowingCallable call, String code, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(SigV4Exception.class, e -> {
          assertThat(e.errorCode()).isEqualTo(code);
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo(message);
          assertThat(e.getMessage()).doesNotContain(SECRET, TEMP_SECRET, TOKEN);
          assertThat(e.toString()).doesNotContain(SECRET, TEMP_SECRET, TOKEN);
        });
  }

  static void assertFailsWithCode(ThrowingCallable call, String code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(SigV4Exception.class, e -> {
          assertThat(e.errorCode()).isEqualTo(code);
          assertThat(e.getMessage()).doesNotContain(SECRET, TEMP_SECRET, TOKEN);
        });
  }

  @Test
  void aRequestSignedAsTheSdkDoesIsVerified() {
    Verified v = verifyAt(T, signedAt(T, LONG_TERM));
    assertThat(v).isEqualTo(new Verified(KEY_ID, "us-east-1", "kms", T, null));
  }

  @Test
  void aTemporaryCredentialWithItsTokenIsVerified() {
    Verified v = verifyAt(T, signedAt(T, TEMPORARY));
    assertThat(v).isEqualTo(new Verified(TEMP_KEY_ID, "us-east-1", "kms", T, TOKEN));
    assertThat(v.toString()).doesNotContain(TOKEN);
  }

  @Nested
  class TheIssueBullets {

    @Test
    void aWrongSecretIsAnInvalidSignature() {
      SignedRequest r = signedAt(T, Credential.longTerm(KEY_ID, SECRET + "x"));
      assertFails(() -> verifyAt(T, r), "InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided."
              + " Check your AWS Secret Access Key and signing method. Consult the service"
              + " documentation for details.");
    }

    @Test
    void aDateSixMinutesStaleHasExpired() {
      SignedRequest r = signedAt(T, LONG_TERM);
      assertFails(() -> verifyAt(T.plus(Duration.ofMinutes(6)), r), "InvalidSignatureException",
          "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z"
              + " (20150830T124200Z - 5 min.)");
    }

    @Test
    void aDateSixMinutesAheadIsNotYetCurrent() {
      SignedRequest r = signedAt(T, LONG_TERM);
      assertFails(() -> verifyAt(T.minus(Duration.ofMinutes(6)), r), "InvalidSignatureException",
          "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z"
              + " (20150830T123000Z + 5 min.)");
    }

    @Test
    void fiveMinutesEitherWayIsStillAccepted() {
      SignedRequest r = signedAt(T, LONG_TERM);
      assertThat(verifyAt(T.plus(Duration.ofMinutes(5)), r).requestTime()).isEqualTo(T);
      assertThat(verifyAt(T.minus(Duration.ofMinutes(5)), r).requestTime()).isEqualTo(T);
    }

    @Test
    void aReplayedButAlteredBodyIsAnInvalidSignature() {
      SignedRequest r = signedAt(T, LONG_TERM);
      SignedRequest altered = withBody(r, new String(r.body(), StandardCharsets.UTF_8)
          .replace("alias/app", "alias/xyz").getBytes(StandardCharsets.UTF_8));
      assertFailsWithCode(() -> verifyAt(T.plusSeconds(30), altered),
          "InvalidSignatureException");
      assertThat(verifyAt(T.plusSeconds(30), r).accessKeyId()).isEqualTo(KEY_ID);
    }

    @Test
    void anUnknownKeyIsAnUnrecognizedClient() {
      SignedRequest r = signedAt(T, Credential.longTerm("AKIAUNKNOWN000000000", SECRET));
      assertFails(() -> verifyAt(T, r), "UnrecognizedClientException",
          "The security token included in the request is invalid.");
    }

    @Test
    void anExpiredSessionIsAnExpiredToken() {
      SignedRequest r = signedAt(TEMPORARY.expiration(), TEMPORARY);
      assertFails(() -> verifyAt(TEMPORARY.expiration(), r), "ExpiredTokenException",
          "The security token included in the request is expired");
      assertThat(verifyAt(TEMPORARY.expiration().minusSeconds(1),
          signedAt(TEMPORARY.expiration().minusSeconds(1), TEMPORARY)).sessionToken())
          .isEqualTo(TOKEN);
    }

    @Test
    void aTemporaryKeyWithoutItsTokenIsUnrecognized() {
      SignedRequest r = signedAt(T, new Credential(TEMP_KEY_ID, TEMP_SECRET, null, null));
      assertFails(() -> verifyAt(T, r), "UnrecognizedClientException",
          "The security token included in the request is invalid.");
    }

    @Test
    void anotherSessionsTokenIsUnrecognized() {
      SignedRequest r = signedAt(T, new Credential(TEMP_KEY_ID, TEMP_SECRET, TOKEN + "x", null));
      assertFails(() -> verifyAt(T, r), "UnrecognizedClientException",
          "The security token included in the request is invalid.");
    }

    @Test
    void aTokenOnALongTermKeyIsUnrecognized() {
      SignedRequest r = signedAt(T, new Credential(KEY_ID, SECRET, TOKEN, null));
      assertFails(() -> verifyAt(T, r), "UnrecognizedClientException",
          "The security token included in the request is invalid.");
    }
  }

  @Nested
  class MalformedRequests {

    @Test
    void noAuthenticationAtAll() {
      assertFails(() -> verifyAt(T, encrypt("aGVsbG8=")), "MissingAuthenticationTokenException",
          "Missing Authentication Token");
    }

    @Test
    void anAuthorizationWithoutSignature() {
      SignedRequest r = signedAt(T, LONG_TERM);
      String auth = header(r, "Authorization").replaceAll(", Signature=[0-9a-f]+", "");
      assertFails(() -> verifyAt(T, withHeader(r, "Authorization", auth)),
          "IncompleteSignatureException",
          "Authorization header requires 'Signature' parameter. Authorization=" + auth);
    }

    @Test
    void noXAmzDate() {
      SignedRequest r = withoutHeader(signedAt(T, LONG_TERM), "X-Amz-Date");
      assertFails(() -> verifyAt(T, r), "IncompleteSignatureException",
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
              + " Authorization=" + header(r, "Authorization"));
    }

    @Test
    void aDateNotInBasicFormat() {
      SignedRequest r = withHeader(signedAt(T, LONG_TERM), "X-Amz-Date", "2015-08-30T12:36:00Z");
      assertFailsWithCode(() -> verifyAt(T, r), "IncompleteSignatureException");
    }

    @Test
    void hostNotSigned() {
      SignedRequest r = signedAt(T, LONG_TERM);
      String auth = header(r, "Authorization").replace("host;", "");
      assertFails(() -> verifyAt(T, withHeader(r, "Authorization", auth)),
          "IncompleteSignatureException",
          "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void anotherAlgorithm() {
      SignedRequest r = signedAt(T, LONG_TERM);
      String auth = header(r, "Authorization").replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512");
      assertFailsWithCode(() -> verifyAt(T, withHeader(r, "Authorization", auth)),
          "IncompleteSignatureException");
    }

    @Test
    void aCredentialWithFourParts() {
      SignedRequest r = signedAt(T, LONG_TERM);
      String auth = header(r, "Authorization").replace("/aws4_request", "");
      assertFailsWithCode(() -> verifyAt(T, withHeader(r, "Authorization", auth)),
          "IncompleteSignatureException");
    }

    @Test
    void aScopeDateOtherThanTheRequestDate() {
      SignedRequest r = signedAt(T, LONG_TERM);
      String auth = header(r, "Authorization").replace("/20150830/", "/20150831/");
      assertFails(() -> verifyAt(T, withHeader(r, "Authorization", auth)),
          "InvalidSignatureException",
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
              + " HTTP: '20150831' != '20150830', from '20150830T123600Z'.");
    }

    @Test
    void aScopeWithAnotherTerminator() {
      SignedRequest r = signedAt(T, LONG_TERM);
      String auth = header(r, "Authorization").replace("/aws4_request", "/aws5_request");
      assertFails(() -> verifyAt(T, withHeader(r, "Authorization", auth)),
          "InvalidSignatureException",
          "Credential should be scoped with a valid terminator: 'aws4_request', not"
              + " 'aws5_request'.");
    }

    @Test
    void unsignedPayloadIsRefused() {
      SignedRequest r = withHeader(encrypt("aGVsbG8="), "X-Amz-Content-Sha256",
          "UNSIGNED-PAYLOAD");
      SignedRequest signed = new SigV4Signer(at(T)).sign(r, LONG_TERM, "us-east-1", "kms");
      assertFailsWithCode(() -> verifyAt(T, signed), "InvalidSignatureException");
    }

    @Test
    void aContentSha256EqualToTheBodysHashIsAccepted() {
      SignedRequest r = encrypt("aGVsbG8=");
      r = withHeader(r, "X-Amz-Content-Sha256", Canonical.sha256Hex(r.body()));
      SignedRequest signed = new SigV4Signer(at(T)).sign(r, LONG_TERM, "us-east-1", "kms");
      assertThat(verifyAt(T, signed).accessKeyId()).isEqualTo(KEY_ID);
    }

    @Test
    void aScopeForAnotherRegionOrService() {
      SignedRequest r = signedAt(T, LONG_TERM);
      SigV4Verifier verifier = new SigV4Verifier(at(T));
      assertThat(verifier.verify(r, LOOKUP, "us-east-1", "kms").service()).isEqualTo("kms");
      assertFails(() -> verifier.verify(r, LOOKUP, "eu-west-1", "kms"),
          "InvalidSignatureException",
          "Credential should be scoped to a valid region, not 'us-east-1'. ");
      assertFails(() -> verifier.verify(r, LOOKUP, "us-east-1", "sts"),
          "InvalidSignatureException", "Credential should be scoped to correct service: 'sts'. ");
    }

    /** A client that sends only Date (RFC 1123) signs that time in ISO 8601 basic format. */
    @Test
    void aDateHeaderStandsInForXAmzDate() {
      SignedRequest r = withHeader(encrypt("aGk="), "Date", "Sun, 30 Aug 2015 12:36:00 GMT");
      List<String> signed = List.of("content-type", "date", "host", "x-amz-target");
      String canonical = Canonical.canonicalRequest("POST", "/", "",
          Canonical.canonicalHeaders(Canonical.lowerCaseHeaders(r.headers()), signed),
          String.join(";", signed), Canonical.sha256Hex(r.body()));
      String scope = Canonical.scope("20150830", "us-east-1", "kms");
      String signature = Canonical.hex(Canonical.hmacSha256(
          Canonical.deriveSigningKey(SECRET, "20150830", "us-east-1", "kms"),
          Canonical.stringToSign("20150830T123600Z", scope, canonical)));
      SignedRequest dateOnly = withHeader(r, "Authorization", "AWS4-HMAC-SHA256 Credential="
          + KEY_ID + "/" + scope + ", SignedHeaders=" + String.join(";", signed)
          + ", Signature=" + signature);
      assertThat(verifyAt(T, dateOnly).requestTime()).isEqualTo(T);
    }

    @Test
    void twoAuthenticationMechanisms() {
      SignedRequest r = signedAt(T, LONG_TERM);
      SignedRequest both = new SignedRequest(r.method(), r.rawPath(),
          "X-Amz-Algorithm=AWS4-HMAC-SHA256", r.headers(), r.body());
      assertFailsWithCode(() -> verifyAt(T, both), "IncompleteSignatureException");
    }
  }

  @Nested
  class PresignedUrls {

    SignedRequest presigned(Instant t, Credential c, Duration expires) {
      SignedRequest get = new SignedRequest("GET", "/", "Action=GetCallerIdentity",
          Map.of("Host", List.of("sts.amazonaws.com")), new byte[0]);
      return new SigV4Signer(at(t)).presign(get, c, "us-east-1", "sts", expires);
    }

    @Test
    void aPresignedUrlIsVerifiedUntilItExpires() {
      SignedRequest r = presigned(T, TEMPORARY, Duration.ofSeconds(900));
      assertThat(r.rawQuery()).contains("X-Amz-Security-Token=", "X-Amz-Expires=900",
          "X-Amz-Credential=ASIAKEYWATCHEXAMPLE2%2F20150830%2Fus-east-1%2Fsts%2Faws4_request");
      assertThat(verifyAt(T.plusSeconds(900), r))
          .isEqualTo(new Verified(TEMP_KEY_ID, "us-east-1", "sts", T, TOKEN));
      assertFails(() -> verifyAt(T.plusSeconds(901), r), "InvalidSignatureException",
          "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z"
              + " (20150830T125101Z - 900 sec.)");
    }

    @Test
    void aPresignedUrlWithAlteredQueryIsAnInvalidSignature() {
      SignedRequest r = presigned(T, LONG_TERM, Duration.ofSeconds(60));
      SignedRequest altered = new SignedRequest(r.method(), r.rawPath(),
          r.rawQuery().replace("GetCallerIdentity", "GetSessionToken"), r.headers(), r.body());
      assertFailsWithCode(() -> verifyAt(T, altered), "InvalidSignatureException");
    }

    @Test
    void moreThanAWeekIsRefused() {
      SignedRequest r = presigned(T, LONG_TERM, Duration.ofDays(7));
      SignedRequest tooLong = new SignedRequest(r.method(), r.rawPath(),
          r.rawQuery().replace("X-Amz-Expires=604800", "X-Amz-Expires=604801"), r.headers(),
          r.body());
      assertFails(() -> verifyAt(T, tooLong), "IncompleteSignatureException",
          "X-Amz-Expires must be less than a week (in seconds) that is 604800");
    }

    @Test
    void aMissingParameterIsIncomplete() {
      SignedRequest r = presigned(T, LONG_TERM, Duration.ofSeconds(60));
      SignedRequest missing = new SignedRequest(r.method(), r.rawPath(),
          r.rawQuery().replaceAll("&X-Amz-Signature=[0-9a-f]+", ""), r.headers(), r.body());
      assertFailsWithCode(() -> verifyAt(T, missing), "IncompleteSignatureException");
    }
  }

  @Nested
  class SecretsStaySecret {

    @Test
    void credentialToStringHidesSecretAndToken() {
      assertThat(TEMPORARY.toString()).contains(TEMP_KEY_ID).doesNotContain(TEMP_SECRET, TOKEN);
      assertThat(LONG_TERM.toString()).contains(KEY_ID).doesNotContain(SECRET);
    }

    @Test
    void signingKeysAreCachedWithinABound() {
      SigV4Verifier verifier = new SigV4Verifier(at(T), 2);
      for (String region : List.of("us-east-1", "eu-west-1", "ap-south-1", "us-west-2")) {
        SignedRequest r = new SigV4Signer(at(T)).sign(encrypt("aGk="), LONG_TERM, region, "kms");
        verifier.verify(r, LOOKUP);
        verifier.verify(r, LOOKUP);
        assertThat(verifier.cachedSigningKeys()).isBetween(1, 2);
      }
    }

    @Test
    void aRotatedSecretIsNeverServedFromTheCache() {
      SigV4Verifier verifier = new SigV4Verifier(at(T));
      SignedRequest r = signedAt(T, LONG_TERM);
      verifier.verify(r, LOOKUP);
      CredentialLookup rotated = id -> Optional.of(Credential.longTerm(KEY_ID, SECRET + "2"));
      assertFailsWithCode(() -> verifier.verify(r, rotated), "InvalidSignatureException");
    }
  }
}
