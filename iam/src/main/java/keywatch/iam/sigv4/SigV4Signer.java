package keywatch.iam.sigv4;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * For tests and keywatch's own clients (load generator, the app): signs a request the way the SDKs
 * do. Every header present is signed except those a proxy may rewrite ({@link #UNSIGNED_HEADERS});
 * {@code Host} must be present. The request time comes from the clock.
 */
public final class SigV4Signer {

  /** Headers the AWS SDK for Java v2 leaves out of the signature; so do we. */
  public static final Set<String> UNSIGNED_HEADERS =
      Set.of("authorization", "connection", "user-agent", "x-amzn-trace-id", "expect");

  /** The intermediate results, for tests and for debugging a client. */
  public record Signing(
      SignedRequest request, String canonicalRequest, String stringToSign, String signature,
      String authorization) {}

  private final Clock clock;

  public SigV4Signer(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The request with X-Amz-Date, X-Amz-Security-Token (temporary keys) and Authorization set. */
  public SignedRequest sign(
      SignedRequest request, Credential credential, String region, String service) {
    return signDetailed(request, credential, region, service).request();
  }

  /** As {@link #sign}, returning the canonical request and string to sign too. */
  public Signing signDetailed(
      SignedRequest request, Credential credential, String region, String service) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String amzDate = SigV4Verifier.AMZ_DATE.format(now);
    String date = amzDate.substring(0, 8);
    Map<String, List<String>> headers = copyWithout(request.headers(),
        Set.of("authorization", "x-amz-date", "x-amz-security-token"));
    headers.put("X-Amz-Date", List.of(amzDate));
    if (credential.sessionToken() != null) {
      headers.put("X-Amz-Security-Token", List.of(credential.sessionToken()));
    }
    Map<String, List<String>> lower = Canonical.lowerCaseHeaders(headers);
    requireHost(lower);
    List<String> signed = signedNames(lower);
    String signedLine = String.join(";", signed);
    String canonicalRequest = Canonical.canonicalRequest(
        request.method(),
        Canonical.canonicalUri(request.rawPath()),
        Canonical.canonicalQuery(request.rawQuery(), null),
        Canonical.canonicalHeaders(lower, signed),
        signedLine,
        Canonical.sha256Hex(request.body()));
    String scope = Canonical.scope(date, region, service);
    String stringToSign = Canonical.stringToSign(amzDate, scope, canonicalRequest);
    String signature = Canonical.hex(Canonical.hmacSha256(
        Canonical.deriveSigningKey(credential.secretAccessKey(), date, region, service),
        stringToSign));
    String authorization = Canonical.ALGORITHM + " Credential=" + credential.accessKeyId() + "/"
        + scope + ", SignedHeaders=" + signedLine + ", Signature=" + signature;
    headers.put("Authorization", List.of(authorization));
    SignedRequest signedRequest = new SignedRequest(request.method(), request.rawPath(),
        request.rawQuery(), headers, request.body());
    return new Signing(signedRequest, canonicalRequest, stringToSign, signature, authorization);
  }

  /**
   * A presigned request: the X-Amz-* authentication parameters appended to the query, valid for
   * {@code expires} from now. Headers present are signed as by {@link #sign}.
   */
  public SignedRequest presign(SignedRequest request, Credential credential, String region,
      String service, Duration expires) {
    if (expires.isNegative() || expires.compareTo(SigV4Verifier.MAX_PRESIGNED_EXPIRES) > 0) {
      throw new IllegalArgumentException("expires must be between 0 and 7 days: " + expires);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String amzDate = SigV4Verifier.AMZ_DATE.format(now);
    String date = amzDate.substring(0, 8);
    Map<String, List<String>> headers = copyWithout(request.headers(), Set.of("authorization"));
    Map<String, List<String>> lower = Canonical.lowerCaseHeaders(headers);
    requireHost(lower);
    List<String> signed = signedNames(lower);
    String signedLine = String.join(";", signed);
    String scope = Canonical.scope(date, region, service);
    StringBuilder query = new StringBuilder(
        request.rawQuery() == null ? "" : request.rawQuery());
    appendParam(query, "X-Amz-Algorithm", Canonical.ALGORITHM);
    appendParam(query, "X-Amz-Credential", credential.accessKeyId() + "/" + scope);
    appendParam(query, "X-Amz-Date", amzDate);
    appendParam(query, "X-Amz-Expires", Long.toString(expires.getSeconds()));
    appendParam(query, "X-Amz-SignedHeaders", signedLine);
    if (credential.sessionToken() != null) {
      appendParam(query, "X-Amz-Security-Token", credential.sessionToken());
    }
    String canonicalRequest = Canonical.canonicalRequest(
        request.method(),
        Canonical.canonicalUri(request.rawPath()),
        Canonical.canonicalQuery(query.toString(), null),
        Canonical.canonicalHeaders(lower, signed),
        signedLine,
        Canonical.sha256Hex(request.body()));
    String stringToSign = Canonical.stringToSign(amzDate, scope, canonicalRequest);
    String signature = Canonical.hex(Canonical.hmacSha256(
        Canonical.deriveSigningKey(credential.secretAccessKey(), date, region, service),
        stringToSign));
    appendParam(query, "X-Amz-Signature", signature);
    return new SignedRequest(request.method(), request.rawPath(), query.toString(), headers,
        request.body());
  }

  private static void appendParam(StringBuilder query, String name, String value) {
    if (query.length() > 0) {
      query.append('&');
    }
    query.append(Canonical.uriEncode(name)).append('=').append(Canonical.uriEncode(value));
  }

  private static Map<String, List<String>> copyWithout(
      Map<String, List<String>> headers, Set<String> lowerCaseNames) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach((name, values) -> {
        if (!lowerCaseNames.contains(name.toLowerCase(Locale.ROOT))) {
          out.put(name, List.copyOf(values));
        }
      });
    }
    return out;
  }

  private static void requireHost(Map<String, List<String>> lower) {
    List<String> host = lower.get("host");
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("a signed request needs a Host header");
    }
  }

  private static List<String> signedNames(Map<String, List<String>> lower) {
    TreeSet<String> names = new TreeSet<>(lower.keySet());
    for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
      if (UNSIGNED_HEADERS.contains(it.next())) {
        it.remove();
      }
    }
    return new ArrayList<>(names);
  }
}
