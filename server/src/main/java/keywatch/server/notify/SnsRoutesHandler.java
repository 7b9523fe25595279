package keywatch.server.notify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import keywatch.watch.action.SnsLinks;
import keywatch.watch.action.Subscription;
import keywatch.watch.action.Topics;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The links SNS messages carry, served outside the KMS/STS dispatch and without SigV4 (the token
 * or subscription ARN in the link is the credential, as with SNS's own links):
 * {@code GET /sns/confirm?Token=...}, {@code GET /sns/unsubscribe?SubscriptionArn=...} and the
 * signing certificate. Any other request falls through to the next handler.
 */
public final class SnsRoutesHandler extends Handler.Abstract {
  private final Topics topics;
  private final SigningCertificate certificate;

  public SnsRoutesHandler(Topics topics, SigningCertificate certificate) {
    this.topics = topics;
    this.certificate = certificate;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!HttpMethod.GET.is(request.getMethod()) || !path.startsWith("/sns/")) {
      return false;
    }
    Fields q = Request.extractQueryParameters(request);
    switch (path) {
      case SnsLinks.CERT_PATH -> send(response, callback, 200, certificate.pem(), "application/x-pem-file");
      case SnsLinks.CONFIRM_PATH -> topics.confirm(q.getValue("TopicArn"), q.getValue("Token")).ifPresentOrElse(
          s -> send(response, callback, 200, confirmed(s), "text/xml"),
          () -> send(response, callback, 404, error("NotFound", "Invalid token"), "text/xml"));
      case SnsLinks.UNSUBSCRIBE_PATH -> {
        String arn = q.getValue("SubscriptionArn");
        if (arn != null && topics.unsubscribe(arn)) {
          send(response, callback, 200, "<UnsubscribeResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><ResponseMetadata><RequestId>"
              + java.util.UUID.randomUUID() + "</RequestId></ResponseMetadata></UnsubscribeResponse>", "text/xml");
        } else {
          send(response, callback, 404, error("NotFound", "Subscription does not exist"), "text/xml");
        }
      }
      default -> send(response, callback, 404, error("NotFound", "No such route"), "text/xml");
    }
    return true;
  }

  private static String confirmed(Subscription s) {
    return "<ConfirmSubscriptionResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><ConfirmSubscriptionResult><SubscriptionArn>"
        + xml(s.arn()) + "</SubscriptionArn></ConfirmSubscriptionResult><ResponseMetadata><RequestId>" + java.util.UUID.randomUUID()
        + "</RequestId></ResponseMetadata></ConfirmSubscriptionResponse>";
  }

  private static String error(String code, String message) {
    return "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type><Code>" + code
        + "</Code><Message>" + xml(message) + "</Message></Error></ErrorResponse>";
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void send(Response response, Callback callback, int status, String body, String type) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
    response.write(true, ByteBuffer.wrap(b), callback);
  }
}
