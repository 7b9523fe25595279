package keywatch.watch.action;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the links in SNS messages point: keywatch's own endpoint, which serves the confirmation
 * and unsubscribe routes and the signing certificate.
 */
public final class SnsLinks {
  private final java.util.function.Supplier<String> baseUrl;

  /** @param baseUrl keywatch's endpoint, asked each time (the port may be known only after start) */
  public SnsLinks(java.util.function.Supplier<String> baseUrl) {
    this.baseUrl = baseUrl;
  }

  public SnsLinks(String baseUrl) {
    this(() -> baseUrl);
  }

  public String baseUrl() {
    return baseUrl.get();
  }

  public static final String CONFIRM_PATH = "/sns/confirm";
  public static final String UNSUBSCRIBE_PATH = "/sns/unsubscribe";
  public static final String CERT_PATH = "/sns/SimpleNotificationService.pem";

  public String subscribeUrl(Subscription s) {
    return baseUrl() + CONFIRM_PATH + "?Action=ConfirmSubscription&TopicArn=" + enc(s.topicArn()) + "&Token=" + enc(s.token());
  }

  public String unsubscribeUrl(Subscription s) {
    return baseUrl() + UNSUBSCRIBE_PATH + "?Action=Unsubscribe&SubscriptionArn=" + enc(s.arn());
  }

  public String signingCertUrl() {
    return baseUrl() + CERT_PATH;
  }

  private static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }
}
