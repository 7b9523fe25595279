package keywatch.server.http;

import java.nio.ByteBuffer;
import java.util.UUID;
import keywatch.kms.error.KmsException;
import keywatch.kms.protocol.KmsProtocol;
import keywatch.kms.protocol.KmsResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before or around {@link EndpointHandler} (an ambiguous or undecodable URI,
 * header fields over the limit, an exception escaping a handler) answered in AWS JSON 1.1 like
 * every other error, instead of Jetty's HTML page. The body never carries Jetty's reason text or
 * a cause: only a {@code __type}, a fixed message and a fresh request id.
 */
public final class AwsErrorHandler extends ErrorHandler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    KmsResponse r = errorFor(response.getStatus());
    response.setStatus(r.httpStatus());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, KmsProtocol.CONTENT_TYPE);
    response.getHeaders().put("x-amzn-RequestId", r.requestId());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, r.body().length);
    response.write(true, ByteBuffer.wrap(r.body()), callback);
    return true;
  }

  /** Errors found while parsing the request line or headers, before there is a request. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    KmsResponse r = errorFor(status);
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, KmsProtocol.CONTENT_TYPE));
    fields.put("x-amzn-RequestId", r.requestId());
    return ByteBuffer.wrap(r.body());
  }

  static KmsResponse errorFor(int status) {
    KmsException e;
    if (status == HttpStatus.NOT_FOUND_404 || status == HttpStatus.METHOD_NOT_ALLOWED_405) {
      e = new KmsException.UnknownOperationException();
    } else if (HttpStatus.isClientError(status)) {
      String reason = HttpStatus.getMessage(status);
      e = new KmsException.ValidationException(reason == null ? "Bad request" : reason);
    } else {
      e = new KmsException.KMSInternalException("An internal error occurred.");
    }
    KmsResponse r = KmsProtocol.error(e, UUID.randomUUID().toString(), null);
    // Keep Jetty's 4xx status (413, 431, ...); anything else is AWS's 500.
    int sent = HttpStatus.isClientError(status) ? status : 500;
    return new KmsResponse(sent, r.body(), r.requestId(), null, r.errorCode(), r.errorMessage());
  }
}
