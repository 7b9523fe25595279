package keywatch.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import keywatch.watch.action.AlarmMessages;
import keywatch.watch.action.Deliveries;
import keywatch.watch.action.HttpTransport;
import keywatch.watch.action.ManualScheduler;
import keywatch.watch.action.Protocol;
import keywatch.watch.action.RetryPolicy;
import keywatch.watch.action.SnsLinks;
import keywatch.watch.action.SnsMessages;
import keywatch.watch.action.SnsSigner;
import keywatch.watch.action.Subscription;
import keywatch.watch.action.Topics;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An HTTPS receiver (the JDK's HttpsServer, self-signed, OS-chosen port) goes through SNS's
 * SubscriptionConfirmation handshake and verifies the notification's signature with nothing but
 * the certificate it downloads from SigningCertURL, keywatch's SNS route.
 */
class HttpsNotificationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  HttpsServer receiver;
  Server keywatchRoutes;

  @AfterEach
  void stop() throws Exception {
    if (receiver != null) {
      receiver.stop(0);
    }
    if (keywatchRoutes != null) {
      keywatchRoutes.stop();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void receiverConfirmsAndVerifiesTheSignatureWithThePublishedCertificate(int signatureVersion) throws Exception {
    // The receiver's own TLS identity, and a client of keywatch's that trusts it.
    SigningCertificate tls = SigningCertificate.generate("localhost", Duration.ofDays(1));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("tls", tls.privateKey(), new char[0], new java.security.cert.Certificate[] {tls.certificate()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    SSLContext serverSsl = SSLContext.getInstance("TLS");
    serverSsl.init(kmf.getKeyManagers(), null, null);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("receiver", tls.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext clientSsl = SSLContext.getInstance("TLS");
    clientSsl.init(null, tmf.getTrustManagers(), null);
    HttpClient keywatchClient = HttpClient.newBuilder().sslContext(clientSsl).build();

    List<Map<String, String>> posts = new CopyOnWriteArrayList<>();
    List<String> messageTypeHeaders = new CopyOnWriteArrayList<>();
    receiver = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setHttpsConfigurator(new HttpsConfigurator(serverSsl));
    receiver.createContext("/hook", ex -> {
      posts.add(JSON.readValue(ex.getRequestBody(), new TypeReference<Map<String, String>>() {}));
      messageTypeHeaders.add(ex.getRequestHeaders().getFirst("x-amz-sns-message-type"));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    receiver.start();

    // keywatch's side: topics, signed messages, and the SNS routes on a Jetty port of their own.
    SigningCertificate signing = SigningCertificate.generate("keywatch SNS signing", Duration.ofDays(1));
    keywatchRoutes = new Server();
    ServerConnector c = new ServerConnector(keywatchRoutes);
    c.setHost("127.0.0.1");
    c.setPort(0);
    keywatchRoutes.addConnector(c);
    String[] base = new String[1];
    SnsLinks links = new SnsLinks(() -> base[0]);
    SnsMessages messages = new SnsMessages(new SnsSigner(signing.privateKey(), signatureVersion), links);
    ManualScheduler scheduler = new ManualScheduler(0);
    HttpTransport https = new HttpTransport(keywatchClient, messages, Duration.ofSeconds(10));
    Topics topics = new Topics("us-east-1", "111122223333", new Deliveries(scheduler, RetryPolicy.DEFAULT, p -> https, null), links, null);
    keywatchRoutes.setHandler(new SnsRoutesHandler(topics, signing));
    keywatchRoutes.start();
    base[0] = "http://127.0.0.1:" + c.getLocalPort();

    String topic = topics.createTopic("alerts").arn();
    String endpoint = "https://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    Subscription sub = topics.subscribe(topic, Protocol.HTTPS, endpoint);
    scheduler.runDue();
    assertThat(topics.deliveries().status(sub.arn()).lastError()).isNull();

    HttpClient plain = HttpClient.newHttpClient();
    assertThat(posts).hasSize(1);
    Map<String, String> confirmation = posts.get(0);
    assertThat(confirmation.get("Type")).isEqualTo("SubscriptionConfirmation");
    assertThat(messageTypeHeaders.get(0)).isEqualTo("SubscriptionConfirmation");
    X509Certificate published = download(plain, confirmation.get("SigningCertURL"));
    assertThat(SnsSigner.verify(confirmation, published.getPublicKey())).isTrue();
    HttpResponse<String> confirmed = plain.send(HttpRequest.newBuilder(URI.create(confirmation.get("SubscribeURL"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(confirmed.statusCode()).isEqualTo(200);
    assertThat(confirmed.body()).contains("<SubscriptionArn>" + sub.arn() + "</SubscriptionArn>");

    var change = keywatch.watch.action.AlarmChangesForServer.labAlarm(topic);
    topics.publish(topic, AlarmMessages.subject(change), AlarmMessages.messages(change, List.of()), Instant.parse("2026-11-27T16:00:10.123Z"));
    scheduler.runDue();

    assertThat(posts).hasSize(2);
    Map<String, String> n = posts.get(1);
    assertThat(n.keySet()).containsExactly("Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp",
        "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL");
    assertThat(n.get("Type")).isEqualTo("Notification");
    assertThat(n.get("TopicArn")).isEqualTo(topic);
    assertThat(n.get("Timestamp")).isEqualTo("2026-11-27T16:00:10.123Z");
    assertThat(n.get("SignatureVersion")).isEqualTo(Integer.toString(signatureVersion));
    assertThat(JSON.readTree(n.get("Message")).path("NewStateValue").asText()).isEqualTo("ALARM");
    X509Certificate cert = download(plain, n.get("SigningCertURL"));
    assertThat(SnsSigner.verify(n, cert.getPublicKey())).isTrue();
    Map<String, String> tampered = new java.util.LinkedHashMap<>(n);
    tampered.put("Message", n.get("Message").replace("ALARM", "OK"));
    assertThat(SnsSigner.verify(tampered, cert.getPublicKey())).isFalse();
  }

  static X509Certificate download(HttpClient client, String url) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.US_ASCII)));
  }
}
