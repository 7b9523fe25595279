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
 * {@code Action=...} body is STS (AWS query protocol). Every such request is authenticated by its
 * SigV4 signature first; failures get the error shape of the protocol the client speaks.
 * {@code GET /health} answers without authentication and without touching any key.
 */
public final class EndpointHandler extends Handler.Abstract {
  /** The largest request body read; KMS requests are a few KB (a 32 KB policy at most). */
  public static final int MAX_BODY_BYTES = 256 * 1024;
  private static final byte[] HEALTH = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
  private static final String STS_CONTENT_TYPE = "text/xml";

  private final KmsProtocol kms;
  private final StsProtocol sts;
  private final Authenticator authenticator;
  private final String region;
  private final StsAudit stsAudit;

  /** STS calls unaudited (tests of the endpoint alone). */
  public EndpointHandler(KmsProtocol kms, StsProtocol sts, Authenticator authenticator, String region) {
    this(kms, sts, authenticator, region, null);
  }

  /**
   * @param stsAudit records every authenticated STS call before it is answered; null for none.
   *     (KMS calls are audited inside {@link KmsProtocol}.) Requests whose signature fails are not
   *     recorded: they have no principal, and CloudTrail does not record them either.
   */
  public EndpointHandler(KmsProtocol kms, StsProtocol sts, Authenticator authenticator, String region, StsAudit stsAudit) {
    this.kms = kms;
    this.sts = sts;
    this.authenticator = authenticator;
    this.region = region;
    this.stsAudit = stsAudit;
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
    if (!HttpMethod.POST.is(method) || !path.equals("/") || !(isKms || isSts)) {
      sendKms(response, callback, KmsProtocol.error(new KmsException.UnknownOperationException(), newRequestId(), null));
      return true;
    }
    byte[] body = request.getLength() > MAX_BODY_BYTES ? null : readBounded(request);
    if (body == null) {
      String message = "Request body is larger than " + MAX_BODY_BYTES + " bytes";
      if (isKms) {
        sendKms(response, callback, KmsProtocol.error(new KmsException.ValidationException(message), newRequestId(), null));
      } else {
        sendSts(response, callback, StsProtocol.error(StsException.validation(message), newRequestId(), null));
      }
      return true;
    }

    Authenticator.Authenticated who;
    try {
      // KMS is regional: the signature must be scoped to this endpoint's region. STS clients sign
      // for the global endpoint (us-east-1) or their own region; any region is accepted.
      who = authenticator.authenticate(signedRequest(request, body), isKms ? region : null, isKms ? "kms" : "sts");
    } catch (SigV4Exception e) {
      if (isKms) {
        sendKms(response, callback, KmsProtocol.error(
            new KmsException.NotAuthenticatedException(e.errorCode(), e.httpStatus(), e.getMessage()), newRequestId(), null));
      } else {
        sendSts(response, callback, StsProtocol.error(new StsException(stsCode(e.errorCode()), 403, e.getMessage()), newRequestId(), null));
      }
      return true;
    }

    String sourceIp = Request.getRemoteAddr(request);
    if (isKms) {
      Caller caller = new Caller(who.principal(), who.verified().accessKeyId(), sourceIp,
          request.getHeaders().get(HttpHeader.USER_AGENT), who.verified().region());
      sendKms(response, callback, kms.handle(target, body, caller));
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

  /** STS names the SigV4 failures differently from KMS. */
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

  private static SignedRequest signedRequest(Request request, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField f : request.getHeaders()) {
      headers.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue());
    }
    String rawPath = request.getHttpURI().getPath();
    String rawQuery = request.getHttpURI().getQuery();
    return new SignedRequest(request.getMethod(), rawPath == null || rawPath.isEmpty() ? "/" : rawPath,
        rawQuery == null ? "" : rawQuery, headers, body);
  }

  private static byte[] readBounded(Request request) throws IOException {
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
      return b.length > MAX_BODY_BYTES ? null : b;
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
