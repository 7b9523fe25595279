package keywatch.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import keywatch.kms.error.KmsException;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.KmsProtocol;
import keywatch.kms.protocol.KmsResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP for the KMS endpoint: {@code POST /} with {@code X-Amz-Target} goes to the AWS JSON 1.1
 * binding; {@code GET /health} answers without touching any key (the benchmark's floor). Bodies
 * are bounded; everything else gets an AWS-shaped error, never an HTML page or a stack trace.
 */
public final class KmsHttpHandler extends Handler.Abstract {
  /** The largest request body read; KMS requests are a few KB (a 32 KB policy at most). */
  public static final int MAX_BODY_BYTES = 256 * 1024;

  private static final byte[] HEALTH = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

  private final KmsProtocol protocol;

  public KmsHttpHandler(KmsProtocol protocol) {
    this.protocol = protocol;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    if (HttpMethod.GET.is(method) && (path.equals("/health") || path.equals("/"))) {
      send(response, callback, 200, HEALTH, "application/json", null);
      return true;
    }
    if (!HttpMethod.POST.is(method) || !path.equals("/")) {
      KmsResponse r = KmsProtocol.error(new KmsException.UnknownOperationException(), java.util.UUID.randomUUID().toString(), null);
      send(response, callback, 404, r.body(), KmsProtocol.CONTENT_TYPE, r.requestId());
      return true;
    }
    long declared = request.getLength();
    byte[] body = declared > MAX_BODY_BYTES ? null : readBounded(request, declared);
    KmsResponse r;
    if (body == null) {
      r = KmsProtocol.error(new KmsException.ValidationException(
          "Request body is larger than " + MAX_BODY_BYTES + " bytes"), java.util.UUID.randomUUID().toString(), null);
    } else {
      r = protocol.handle(request.getHeaders().get("X-Amz-Target"), body, caller(request));
    }
    send(response, callback, r.httpStatus(), r.body(), KmsProtocol.CONTENT_TYPE, r.requestId());
    return true;
  }

  /**
   * The body, or null if it is longer than {@link #MAX_BODY_BYTES}. With a declared length (the
   * usual case) it is read straight into an array of that size; {@code readNBytes(max + 1)} would
   * allocate and zero an 8 KB buffer and copy it for every small request.
   */
  private static byte[] readBounded(Request request, long declaredLength) throws IOException {
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (declaredLength >= 0) {
        byte[] b = new byte[(int) declaredLength];
        int n = in.readNBytes(b, 0, b.length);
        return n == b.length ? b : Arrays.copyOf(b, n);
      }
      byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
      return b.length > MAX_BODY_BYTES ? null : b;
    }
  }

  /**
   * The caller as named by the SigV4 credential scope ({@code Credential=AKID/date/region/service/...}).
   * Verification of the signature is the iam module's work; here the key id only names the caller.
   */
  static Caller caller(Request request) {
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    String accessKeyId = null;
    if (auth != null) {
      int i = auth.indexOf("Credential=");
      if (i >= 0) {
        int start = i + "Credential=".length();
        int slash = auth.indexOf('/', start);
        if (slash > start) {
          accessKeyId = auth.substring(start, slash);
        }
      }
    }
    return new Caller(accessKeyId, Request.getRemoteAddr(request), request.getHeaders().get(HttpHeader.USER_AGENT));
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
