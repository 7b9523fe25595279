package keywatch.iam.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keywatch.iam.sigv4.SigV4Exception.Code;

/**
 * Verifies AWS Signature Version 4 (AWS4-HMAC-SHA256), in the Authorization-header form the AWS
 * SDKs, the AWS CLI and boto3 send, and in the presigned-URL query form.
 *
 * <p>Design note. The checks run cheapest and least revealing first: shape of the
 * Authorization (IncompleteSignatureException), credential scope and clock skew
 * (InvalidSignatureException), then the key id and session token (UnrecognizedClientException),
 * the token's expiration (ExpiredTokenException), and only then the signature itself. The
 * canonical request is built from the request as received (see {@link Canonical}); the payload
 * hash is always computed from the body, so a client can never sign {@code UNSIGNED-PAYLOAD} or a
 * hash of some other body. Derived signing keys are cached per (secret, day, region, service), so
 * a verification costs a SHA-256 of the body, a SHA-256 of the canonical request and one HMAC.
 * The signature is compared in constant time. Nothing here logs, and no message carries a secret
 * or a session token.
 *
 * <p>Thread-safe; one instance serves the whole server.
 */
public final class SigV4Verifier {

  /** How far a request's time may be from the server's, either way, as AWS allows. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  /** The longest X-Amz-Expires a presigned URL may ask for: seven days, as AWS. */
  public static final Duration MAX_PRESIGNED_EXPIRES = Duration.ofDays(7);
  /** Signing keys kept by default: one per (secret, day, region, service) in use. */
  public static final int DEFAULT_MAX_CACHED_SIGNING_KEYS = 4096;

  static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the"
      + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the"
      + " service documentation for details.";
  static final String INVALID_TOKEN = "The security token included in the request is invalid.";
  static final String EXPIRED_TOKEN = "The security token included in the request is expired";
  static final String MISSING_TOKEN = "Missing Authentication Token";

  static final DateTimeFormatter AMZ_DATE = DateTimeFormatter
      .ofPattern("uuuuMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC)
      .withResolverStyle(ResolverStyle.STRICT);

  private static final String SIGNATURE_PARAM = "X-Amz-Signature";

  private final Clock clock;
  private final SigningKeyCache signingKeys;

  /** A verifier with AWS's 5-minute clock skew, reading the time from {@code clock}. */
  public SigV4Verifier(Clock clock) {
    this(clock, DEFAULT_MAX_CACHED_SIGNING_KEYS);
  }

  public SigV4Verifier(Clock clock, int maxCachedSigningKeys) {
    this.clock = java.util.Objects.requireNonNull(clock, "clock");
    this.signingKeys = new SigningKeyCache(maxCachedSigningKeys);
  }

  /**
   * Checks the request's signature and returns who signed it.
   *
   * @throws SigV4Exception with AWS's error code and message when the request is not
   *     authenticated
   */
  public Verified verify(SignedRequest request, CredentialLookup lookup) {
    return verify(request, lookup, null, null);
  }

  /**
   * As {@link #verify(SignedRequest, CredentialLookup)}, and the credential scope must name this
   * server's {@code region} and {@code service}; otherwise InvalidSignatureException with AWS's
   * "Credential should be scoped to ..." message, before the key is looked up.
   */
  public Verified verify(
      SignedRequest request, CredentialLookup lookup, String region, String service) {
    Map<String, List<String>> headers = Canonical.lowerCaseHeaders(request.headers());
    List<String> authorization = headers.get("authorization");
    Map<String, List<String>> query = Canonical.queryParameters(request.rawQuery());
    boolean headerAuth = authorization != null && !authorization.isEmpty();
    boolean queryAuth = query.containsKey("X-Amz-Algorithm");
    if (headerAuth && queryAuth) {
      throw new SigV4Exception(Code.INCOMPLETE_SIGNATURE, "Only one auth mechanism allowed; only"
          + " the X-Amz-Algorithm query parameter or the Authorization header should be"
          + " specified");
    }
    if (!headerAuth && !queryAuth) {
      throw new SigV4Exception(Code.MISSING_AUTHENTICATION_TOKEN, MISSING_TOKEN);
    }
    Instant now = clock.instant();
    Claim claim = headerAuth ? fromHeader(authorization, headers) : fromQuery(query);
    checkScope(claim);
    if (region != null && !claim.region.equals(region)) {
      throw new SigV4Exception(Code.INVALID_SIGNATURE,
          "Credential should be scoped to a valid region, not '" + abbreviate(claim.region)
              + "'. ");
    }
    if (service != null && !claim.service.equals(service)) {
      throw new SigV4Exception(Code.INVALID_SIGNATURE,
          "Credential should be scoped to correct service: '" + service + "'. ");
    }
    checkTime(claim, now);

    Credential credential = lookup.find(claim.accessKeyId)
        .filter(c -> c.accessKeyId().equals(claim.accessKeyId))
        .orElseThrow(() -> new SigV4Exception(Code.UNRECOGNIZED_CLIENT, INVALID_TOKEN));
    checkSessionToken(claim.sessionToken, credential);
    if (credential.expiration() != null && !now.isBefore(credential.expiration())) {
      throw new SigV4Exception(Code.EXPIRED_TOKEN, EXPIRED_TOKEN);
    }

    byte[] body = request.body() == null ? new byte[0] : request.body();
    String payloadHash = Canonical.sha256Hex(body);
    List<String> declaredHash = headers.get("x-amz-content-sha256");
    if (declaredHash != null && !(declaredHash.size() == 1
        && declaredHash.get(0).trim().equals(payloadHash))) {
      // UNSIGNED-PAYLOAD, a streaming mode, or the hash of another body: KMS accepts none.
      throw new SigV4Exception(Code.INVALID_SIGNATURE, SIGNATURE_MISMATCH);
    }
    String canonicalRequest = Canonical.canonicalRequest(
        request.method() == null ? "" : request.method(),
        Canonical.canonicalUri(request.rawPath()),
        Canonical.canonicalQuery(request.rawQuery(), claim.presigned ? SIGNATURE_PARAM : null),
        Canonical.canonicalHeaders(headers, claim.signedHeaders),
        String.join(";", claim.signedHeaders),
        payloadHash);
    String stringToSign = Canonical.stringToSign(claim.amzDate,
        Canonical.scope(claim.scopeDate, claim.region, claim.service), canonicalRequest);
    byte[] signingKey = signingKeys.signingKey(
        credential.secretAccessKey(), claim.scopeDate, claim.region, claim.service);
    byte[] expected = Canonical.hex(Canonical.hmacSha256(signingKey, stringToSign))
        .getBytes(StandardCharsets.US_ASCII);
    byte[] provided = claim.signature.getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, provided)) {
      throw new SigV4Exception(Code.INVALID_SIGNATURE, SIGNATURE_MISMATCH);
    }
    return new Verified(claim.accessKeyId, claim.region, claim.service, claim.requestTime,
        claim.sessionToken);
  }

  /** What the request says about itself, before any of it is believed. */
  private record Claim(
      String accessKeyId, String scopeDate, String region, String service, String terminator,
      List<String> signedHeaders, String signature, String amzDate, Instant requestTime,
      String sessionToken, boolean presigned, Duration expires) {}

  // ---- Authorization header ----

  private static Claim fromHeader(List<String> authorizationValues, Map<String, List<String>> h) {
    if (authorizationValues.size() != 1) {
      throw new SigV4Exception(Code.INCOMPLETE_SIGNATURE,
          "Only one Authorization header may be specified");
    }
    String authorization = authorizationValues.get(0).trim();
    int space = authorization.indexOf(' ');
    String algorithm = space < 0 ? authorization : authorization.substring(0, space);
    if (!algorithm.equals(Canonical.ALGORITHM)) {
      throw new SigV4Exception(Code.INCOMPLETE_SIGNATURE,
          "Authorization header requires 'Credential' parameter. Authorization header requires"
              + " 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."
              + " Unsupported AWS 'algorithm': '" + abbreviate(algorithm) + "'. Authorization="
              + abbreviate(authorization));
    }
    String credential = null;
    String signedHeaders = null;
    String signature = null;
    String rest = space < 0 ? "" : authorization.substring(space + 1);
    for (String part : rest.split(",")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = p.substring(0, eq).trim();
      String value = p.substring(eq + 1).trim();
      switch (name) {
        case "Credential" -> credential = credential == null ? value : credential;
        case "SignedHeaders" -> signedHeaders = signedHeaders == null ? value : signedHeaders;
        case "Signature" -> signature = signature == null ? value : signature;
        default -> { } // AWS ignores unknown parameters
      }
    }
    StringBuilder problems = new StringBuilder();
    if (credential == null || credential.isEmpty()) {
      problems.append("Authorization header requires 'Credential' parameter. ");
    }
    if (signature == null || signature.isEmpty()) {
      problems.append("Authorization header requires 'Signature' parameter. ");
    }
    if (signedHeaders == null || signedHeaders.isEmpty()) {
      problems.append("Authorization header requires 'SignedHeaders' parameter. ");
    }
    String amzDate = first(h.get("x-amz-date"));
    Instant requestTime = null;
    if (amzDate == null) {
      String date = first(h.get("date"));
      if (date == null) {
        problems.append("Authorization header requires existence of either a 'X-Amz-Date' or a"
            + " 'Date' header. ");
      } else {
        try {
          requestTime = ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant();
          amzDate = AMZ_DATE.format(requestTime);
        } catch (DateTimeException e) {
          problems.append("Date must be in RFC 1123 format. Got '").append(abbreviate(date))
              .append("'. ");
        }
      }
    } else {
      requestTime = parseAmzDate(amzDate.trim());
      amzDate = amzDate.trim();
      if (requestTime == null) {
        problems.append("Date must be in ISO-8601 'basic format'. Got '")
            .append(abbreviate(amzDate))
            .append("'. See http://en.wikipedia.org/wiki/ISO_8601 ");
      }
    }
    if (problems.length() > 0) {
      throw new SigV4Exception(Code.INCOMPLETE_SIGNATURE,
          problems + "Authorization=" + abbreviate(authorization));
    }
    String token = first(h.get("x-amz-security-token"));
    return claim(credential, signedHeaders, signature, amzDate, requestTime,
        token == null ? null : token.trim(), false, null);
  }

  // ---- presigned URL ----

  private static Claim fromQuery(Map<String, List<String>> query) {
    String algorithm = first(query.get("X-Amz-Algorithm"));
    String credential = first(query.get("X-Amz-Credential"));
    String amzDate = first(query.get("X-Amz-Date"));
    String expires = first(query.get("X-Amz-Expires"));
    String signedHeaders = first(query.get("X-Amz-SignedHeaders"));
    String signature = first(query.get(SIGNATURE_PARAM));
    if (isEmpty(algorithm) || isEmpty(credential) || isEmpty(amzDate) || isEmpty(expires)
        || isEmpty(signedHeaders) || isEmpty(signature)) {
      throw new SigV4Exception(Code.INCOMPLETE_SIGNATURE, "AWS query-string parameters must"
          + " include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date',"
          + " 'X-Amz-SignedHeaders', and 'X-Amz-Expires'. Re-examine the query-string"
          + " parameters.");
    }
    if (!algorithm.equals(Canonical.ALGORITHM)) {
      throw new SigV4Exception(Code.INCOMPLETE_SIGNATURE,
          "X-Amz-Algorithm only supports \"" + Canonical.ALGORITHM + "\"");
    }
    Instant requestTime = parseAmzDate(amzDate);
    if (requestTime == null) {
      throw new SigV4Exception(Code.INCOMPLETE_SIGNATURE,
          "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    }
    long expiresSeconds;
    try {
      expiresSeconds = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      throw new SigV4Exception(Code.INCOMPLETE_SIGNATURE, "X-Amz-Expires should be a number");
    }
    if (expiresSeconds < 0) {
      throw new SigV4Exception(Code.INCOMPLETE_SIGNATURE, "X-Amz-Expires must be non-negative");
    }
    if (expiresSeconds > MAX_PRESIGNED_EXPIRES.getSeconds()) {
      throw new SigV4Exception(Code.INCOMPLETE_SIGNATURE,
          "X-Amz-Expires must be less than a week (in seconds) that is 604800");
    }
    return claim(credential, signedHeaders, signature, amzDate, requestTime,
        first(query.get("X-Amz-Security-Token")), true, Duration.ofSeconds(expiresSeconds));
  }

  private static Claim claim(String credential, String signedHeadersValue, String signature,
      String amzDate, Instant requestTime, String sessionToken, boolean presigned,
      Duration expires) {
    String[] scope = credential.split("/", -1);
    if (scope.length != 5) {
      throw new SigV4Exception(Code.INCOMPLETE_SIGNATURE,
          "Credential should have exactly 5 slash-separated elements, e.g."
              + " keyid/date/region/service/term, got '" + abbreviate(credential) + "'");
    }
    List<String> signedHeaders = new ArrayList<>();
    for (String name : signedHeadersValue.split(";")) {
      String n = name.trim().toLowerCase(java.util.Locale.ROOT);
      if (!n.isEmpty()) {
        signedHeaders.add(n);
      }
    }
    if (!signedHeaders.contains("host")) {
      throw new SigV4Exception(Code.INCOMPLETE_SIGNATURE,
          "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    return new Claim(scope[0], scope[1], scope[2], scope[3], scope[4], List.copyOf(signedHeaders),
        signature.trim(), amzDate, requestTime, sessionToken, presigned, expires);
  }

  // ---- checks ----

  private static void checkScope(Claim c) {
    if (!c.terminator.equals(Canonical.TERMINATOR)) {
      throw new SigV4Exception(Code.INVALID_SIGNATURE,
          "Credential should be scoped with a valid terminator: 'aws4_request', not '"
              + abbreviate(c.terminator) + "'.");
    }
    String dateOfRequest = c.amzDate.substring(0, 8);
    if (!c.scopeDate.equals(dateOfRequest)) {
      throw new SigV4Exception(Code.INVALID_SIGNATURE,
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
              + " HTTP: '" + abbreviate(c.scopeDate) + "' != '" + dateOfRequest + "', from '"
              + c.amzDate + "'.");
    }
    if (c.region.isEmpty()) {
      throw new SigV4Exception(Code.INVALID_SIGNATURE,
          "Credential should be scoped to a valid region, not ''. ");
    }
    if (c.service.isEmpty()) {
      throw new SigV4Exception(Code.INVALID_SIGNATURE,
          "Credential should be scoped to correct service. ");
    }
  }

  private static void checkTime(Claim c, Instant now) {
    Instant nowSeconds = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    if (c.requestTime.isAfter(now.plus(MAX_CLOCK_SKEW))) {
      throw new SigV4Exception(Code.INVALID_SIGNATURE, "Signature not yet current: " + c.amzDate
          + " is still later than " + AMZ_DATE.format(nowSeconds.plus(MAX_CLOCK_SKEW)) + " ("
          + AMZ_DATE.format(nowSeconds) + " + 5 min.)");
    }
    if (c.presigned) {
      Instant expiresAt = c.requestTime.plus(c.expires);
      if (now.isAfter(expiresAt)) {
        throw new SigV4Exception(Code.INVALID_SIGNATURE, "Signature expired: " + c.amzDate
            + " is now earlier than " + AMZ_DATE.format(nowSeconds.minus(c.expires)) + " ("
            + AMZ_DATE.format(nowSeconds) + " - " + c.expires.getSeconds() + " sec.)");
      }
    } else if (c.requestTime.isBefore(now.minus(MAX_CLOCK_SKEW))) {
      throw new SigV4Exception(Code.INVALID_SIGNATURE, "Signature expired: " + c.amzDate
          + " is now earlier than " + AMZ_DATE.format(nowSeconds.minus(MAX_CLOCK_SKEW)) + " ("
          + AMZ_DATE.format(nowSeconds) + " - 5 min.)");
    }
  }

  /** A token in the request must be the key's; a temporary key must come with its token. */
  private static void checkSessionToken(String requestToken, Credential credential) {
    String keyToken = credential.sessionToken();
    if (requestToken == null && keyToken == null) {
      return;
    }
    if (requestToken == null || keyToken == null || !MessageDigest.isEqual(
        requestToken.getBytes(StandardCharsets.UTF_8),
        keyToken.getBytes(StandardCharsets.UTF_8))) {
      throw new SigV4Exception(Code.UNRECOGNIZED_CLIENT, INVALID_TOKEN);
    }
  }

  // ---- helpers ----

  /** The instant of a {@code yyyyMMdd'T'HHmmss'Z'} date, or null when it is not one. */
  static Instant parseAmzDate(String value) {
    if (value.length() != 16 || value.charAt(8) != 'T' || value.charAt(15) != 'Z') {
      return null;
    }
    for (int i = 0; i < 15; i++) {
      char c = value.charAt(i);
      if (i != 8 && (c < '0' || c > '9')) {
        return null;
      }
    }
    try { // by hand: DateTimeFormatter.parse costs more than the rest of the checks together
      return java.time.LocalDateTime.of(
          digits(value, 0, 4), digits(value, 4, 6), digits(value, 6, 8),
          digits(value, 9, 11), digits(value, 11, 13), digits(value, 13, 15))
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  /** Caller-supplied text echoed in a message, cut short so a message stays a message. */
  private static String abbreviate(String s) {
    return s.length() <= 512 ? s : s.substring(0, 512) + "...";
  }

  /** Exposed for tests: whether a secret is currently cached is not observable otherwise. */
  int cachedSigningKeys() {
    return signingKeys.size();
  }
}
