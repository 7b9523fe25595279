package keywatch.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import keywatch.iam.admin.IamException;
import keywatch.iam.admin.IamProtocol;
import keywatch.iam.admin.IamResponse;
import keywatch.iam.authn.Authenticator;
import keywatch.iam.authz.Authorizer;
import keywatch.iam.sigv4.SigV4Exception;
import keywatch.iam.sigv4.SignedRequest;
import keywatch.iam.sts.StsException;
import keywatch.iam.sts.StsProtocol;
import keywatch.iam.sts.StsResponse;
import keywatch.kms.error.KmsException;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.KmsProtocol;
import keywatch.kms.protocol.KmsResponse;
import keywatch.server.audit.IamAudit;
import keywatch.server.audit.StsAudit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one HTTP endpoint, as AWS's SDKs address it: {@code POST /} with
 * {@code X-Amz-Target: TrentService.<Action>} is KMS (AWS JSON 1.1); a form-encoded
 * {@code Action=...} body is STS (AWS query protocol), or IAM when its SigV4 credential scope names
 * the service "iam". Every such request is authenticated by its SigV4 signature first; failures
 * get the error shape of the protocol the client speaks.
 * {@code GET /health} answers without authentication and without touching any key.
 */
public final class EndpointHandler extends Handler.Abstract {
  /** The largest request body read; KMS requests are a few KB (a 32 KB policy at most). */
  public static final int MAX_BODY_BYTES = 256 * 1024;
  /** How much of an oversized chunked body is read and dropped before refusing it. */
  private static final long MAX_DRAINED_BYTES = 16L * 1024 * 1024;
  private static final byte[] HEALTH = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
  private static final String STS_CONTENT_TYPE = "text/xml";

  private final KmsProtocol kms;
  private final StsProtocol sts;
  private final IamProtocol iam;
  private final Authenticator authenticator;
  private final String region;
  private final StsAudit stsAudit;
  private final IamAudit iamAudit;

  /** STS calls unaudited (tests of the endpoint alone). */
  public EndpointHandler(KmsProtocol kms, StsProtocol sts, Authenticator authenticator, String region, IamProtocol iam) {
    this(kms, sts, authenticator, region, iam, null);
  }

  /**
   * @param iam the IAM API subset (form-encoded requests signed for service "iam")
   * @param stsAudit records every authenticated STS call before it is answered; null for none.
   *     (KMS calls are audited inside {@link KmsProtocol}.) Requests whose signature fails are not
   *     recorded: they have no principal, and CloudTrail does not record them either.
   */
  public EndpointHandler(KmsProtocol kms, StsProtocol sts, Authenticator authenticator, String region, IamProtocol iam,
      StsAudit stsAudit) {
    this(kms, sts, authenticator, region, iam, stsAudit, null);
  }

  /** @param iamAudit records every authenticated IAM call, or refuses it; null for none */
  public EndpointHandler(KmsProtocol kms, StsProtocol sts, Authenticator authenticator, String region, IamProtocol iam,
      StsAudit stsAudit, IamAudit iamAudit) {
    this.kms = kms;
    this.sts = sts;
    this.iam = iam;
    this.authenticator = authenticator;
    this.region = region;
    this.stsAudit = stsAudit;
    this.iamAudit = iamAudit;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    if (HttpMethod.GET.is(method) && (path.equals("/health") || path.equals("/"))) {
      send(response, callback, 200, HEALTH, "application/json", null);
      return true;
    }
    String target = request.getHeaders().get("X-Amz-Target");
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    boolean isKms = target != null && target.startsWith(KmsProtocol.TARGET_PREFIX);
    boolean isSts = !isKms && contentType != null && contentType.startsWith("application/x-www-form-urlencoded");
    boolean isIam = isSts && IamProtocol.SIGNING_SERVICE.equals(signedService(request.getHeaders().get(HttpHeader.AUTHORIZATION)));
    if (!HttpMethod.POST.is(method) || !path.equals("/") || !(isKms || isSts)) {
      sendKms(response, callback, KmsProtocol.error(new KmsException.UnknownOperationException(), newRequestId(), null));
      return true;
    }
    long declared = request.getLength();
    byte[] body = readBounded(request, declared);
    if (body == null) {
      String message = "Request body is larger than " + MAX_BODY_BYTES + " bytes";
      if (isKms) {
        sendKms(response, callback, KmsProtocol.error(new KmsException.ValidationException(message), newRequestId(), null));
      } else if (isIam) {
        sendIam(response, callback, IamProtocol.error(new IamException("ValidationError", 400, message), newRequestId(), null));
      } else {
        sendSts(response, callback, StsProtocol.error(StsException.validation(message), newRequestId(), null));
      }
      return true;
    }

    Authenticator.Authenticated who;
    try {
      // KMS is regional: the signature must be scoped to this endpoint's region. STS clients sign
      // for the global endpoint (us-east-1) or their own region; any region is accepted.
      // IAM is global: clients sign for us-east-1, any region is accepted as for STS.
      who = authenticator.authenticate(signedRequest(request, body), isKms ? region : null,
          isKms ? "kms" : isIam ? IamProtocol.SIGNING_SERVICE : "sts");
    } catch (SigV4Exception e) {
      if (isKms) {
        sendKms(response, callback, KmsProtocol.error(
            new KmsException.NotAuthenticatedException(e.errorCode(), e.httpStatus(), e.getMessage()), newRequestId(), null));
      } else if (isIam) {
        sendIam(response, callback, IamProtocol.error(new IamException(stsCode(e.errorCode()), 403, e.getMessage()), newRequestId(), null));
      } else {
        sendSts(response, callback, StsProtocol.error(new StsException(stsCode(e.errorCode()), 403, e.getMessage()), newRequestId(), null));
      }
      return true;
    }

    String sourceIp = Request.getRemoteAddr(request);
    if (isKms) {
      Caller caller = new Caller(who.principal(), who.verified().accessKeyId(), sourceIp,
          request.getHeaders().get(HttpHeader.USER_AGENT), who.verified().region());
      // The answer leaves when the call's record is durable; this thread does not wait for the fsync.
      kms.handleAsync(target, body, caller).whenComplete((answer, impossible) -> sendKms(response, callback,
          answer != null ? answer : KmsProtocol.error(new KmsException.KMSInternalException("An internal error occurred."),
              newRequestId(), null)));
    } else if (isIam) {
      IamResponse r;
      String userAgent = request.getHeaders().get(HttpHeader.USER_AGENT);
      try {
        r = IamAudit.handle(iamAudit, iam, StsProtocol.form(new String(body, StandardCharsets.UTF_8)), who.principal(),
            who.verified().accessKeyId(), sourceIp, userAgent, who.verified().region());
      } catch (StsException e) {
        r = IamProtocol.error(new IamException(e.code(), e.httpStatus(), e.getMessage()), newRequestId(), null);
        if (iamAudit != null) {
          r = IamProtocol.recordedOrRefused(iamAudit.begin(Map.of(), who.principal(), who.verified().accessKeyId(),
              sourceIp, userAgent), r);
        }
      }
      sendIam(response, callback, r);
    } else {
      StsResponse r;
      Map<String, String> params = Map.of();
      java.time.Instant eventTime = stsAudit == null ? null : stsAudit.now();
      try {
        params = StsProtocol.form(new String(body, StandardCharsets.UTF_8));
        r = sts.handle(params, who.principal(), new Authorizer.Call(sourceIp, who.verified().region(), Map.of()));
      } catch (StsException e) {
        r = StsProtocol.error(e, newRequestId(), null);
      }
      if (stsAudit != null) {
        r = stsAudit.recordOrRefuse(params, who.principal(), who.verified().accessKeyId(), sourceIp,
            request.getHeaders().get(HttpHeader.USER_AGENT), eventTime, r);
      }
      sendSts(response, callback, r);
    }
    return true;
  }

  /**
   * The service of the SigV4 credential scope in an Authorization header
   * ({@code Credential=<key>/<date>/<region>/<service>/aws4_request}), or null. Only routes the
   * request: the verifier checks the scope again against the service it is handed.
   */
  static String signedService(String authorization) {
    if (authorization == null) {
      return null;
    }
    int at = authorization.indexOf("Credential=");
    if (at < 0) {
      return null;
    }
    int end = authorization.indexOf(',', at);
    String[] scope = authorization.substring(at + "Credential=".length(), end < 0 ? authorization.length() : end).trim().split("/");
    return scope.length == 5 ? scope[3] : null;
  }

  /** STS and IAM name the SigV4 failures differently from KMS. */
  private static String stsCode(String kmsStyleCode) {
    return switch (kmsStyleCode) {
      case "UnrecognizedClientException" -> "InvalidClientTokenId";
      case "InvalidSignatureException" -> "SignatureDoesNotMatch";
      case "ExpiredTokenException" -> "ExpiredToken";
      case "IncompleteSignatureException" -> "IncompleteSignature";
      case "MissingAuthenticationTokenException" -> "MissingAuthenticationToken";
      default -> kmsStyleCode;
    };
  }

  /** The request as SigV4 verifies it; shared with the admin API. */
  public static SignedRequest signedRequest(Request request, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField f : request.getHeaders()) {
      headers.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue());
    }
    String rawPath = request.getHttpURI().getPath();
    String rawQuery = request.getHttpURI().getQuery();
    return new SignedRequest(request.getMethod(), rawPath == null || rawPath.isEmpty() ? "/" : rawPath,
        rawQuery == null ? "" : rawQuery, headers, body);
  }

  /**
   * The body, or null if it is longer than {@link #MAX_BODY_BYTES}. With a declared length (the
   * usual case) it is read straight into an array of that size; {@code readNBytes(max + 1)} would
   * allocate and zero an 8 KB buffer and copy it for every small request.
   */
  public static byte[] readBounded(Request request, long declaredLength) throws IOException {
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (declaredLength > MAX_BODY_BYTES) {
        drain(in);
        return null;
      }
      if (declaredLength >= 0) {
        byte[] b = new byte[(int) declaredLength];
        int n = in.readNBytes(b, 0, b.length);
        return n == b.length ? b : java.util.Arrays.copyOf(b, n);
      }
      byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
      if (b.length > MAX_BODY_BYTES) {
        drain(in);
        return null;
      }
      return b;
    }
  }

  /**
   * Reads and drops what the client is still sending of a body we refuse, up to a bound, so that
   * it gets to read our AWS-shaped refusal instead of a connection reset mid-upload.
   */
  private static void drain(InputStream in) throws IOException {
    long drained = 0;
    byte[] sink = new byte[8192];
    int n;
    while (drained < MAX_DRAINED_BYTES && (n = in.read(sink)) > 0) {
      drained += n;
    }
  }

  private static String newRequestId() {
    return UUID.randomUUID().toString();
  }

  private static void sendKms(Response response, Callback callback, KmsResponse r) {
    send(response, callback, r.httpStatus(), r.body(), KmsProtocol.CONTENT_TYPE, r.requestId());
  }

  private static void sendSts(Response response, Callback callback, StsResponse r) {
    send(response, callback, r.httpStatus(), r.body(), STS_CONTENT_TYPE, r.requestId());
  }

  private static void sendIam(Response response, Callback callback, IamResponse r) {
    send(response, callback, r.httpStatus(), r.body(), STS_CONTENT_TYPE, r.requestId());
  }

  private static void send(Response response, Callback callback, int status, byte[] body, String contentType, String requestId) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    if (requestId != null) {
      response.getHeaders().put("x-amzn-RequestId", requestId);
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
