package keywatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The lab's "sample app": {@code GET /} (health), {@code POST /encrypt} and {@code GET|POST /decrypt}
 * with the lab's exact requests and responses (LAB.md §1), a plain client of KMS through the AWS
 * SDK, running as the application role through STS AssumeRole when one is configured.
 *
 * <p>Unlike the lab's app: SQL is parameterised, database errors are reported (500) rather than
 * answered with 200, the name is bound to the ciphertext as encryption context, bodies are bounded
 * and malformed ones get a clean 400, and no secret or plaintext is logged.
 */
public final class LabApp implements AutoCloseable {
  public static final String ENCRYPTED = "Data encrypted and stored, keep your key save";
  public static final String ENCRYPT_FAILED = "Data encryption failed, check logs for more details";
  public static final String DECRYPT_FAILED = "Data decryption failed, make sure you have the correct key";
  public static final String UNKNOWN_NAME = "Failed getting secret text, check the user name";
  public static final int MAX_BODY_BYTES = 64 * 1024;
  private static final long MAX_DRAINED_BYTES = 16L * 1024 * 1024;
  public static final int MAX_NAME_CHARS = 244;
  public static final int MAX_TEXT_BYTES = 4096;

  private static final Logger log = LoggerFactory.getLogger(LabApp.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AppConfig config;
  private final SecretRepository repository;
  private final KmsClient kms;
  private final SecretCipher cipher;
  private final Server http;

  private LabApp(AppConfig config, SecretRepository repository, KmsClient kms, Server http) {
    this.config = config;
    this.repository = repository;
    this.kms = kms;
    this.cipher = new SecretCipher(kms, config.keyId(), config.envelope());
    this.http = http;
  }

  public static LabApp start(AppConfig config) throws Exception {
    SecretRepository repository = new SecretRepository(config.databaseUrl(), config.databaseUser(), config.databasePassword());
    KmsClient kms = null;
    try {
      kms = kmsClient(config);
      QueuedThreadPool threads = new QueuedThreadPool(64, 4);
      threads.setName("keywatch-app");
      Server http = new Server(threads);
      ServerConnector connector = new ServerConnector(http);
      connector.setHost(config.host());
      connector.setPort(config.port());
      http.addConnector(connector);
      LabApp app = new LabApp(config, repository, kms, http);
      http.setHandler(app.new Routes());
      http.start();
      return app;
    } catch (Exception e) {
      if (kms != null) {
        kms.close();
      }
      repository.close();
      throw e;
    }
  }

  /** The SDK client, exactly as an application configures it for AWS, plus the endpoint override. */
  static KmsClient kmsClient(AppConfig config) {
    AwsCredentialsProvider source = config.accessKeyId() != null
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()))
        : DefaultCredentialsProvider.builder().build();
    AwsCredentialsProvider credentials = source;
    if (config.roleArn() != null) {
      var sts = StsClient.builder().region(Region.of(config.region())).credentialsProvider(source)
          .httpClientBuilder(ApacheHttpClient.builder());
      if (config.kmsEndpoint() != null) {
        sts.endpointOverride(config.kmsEndpoint());
      }
      credentials = StsAssumeRoleCredentialsProvider.builder()
          .stsClient(sts.build())
          .refreshRequest(r -> r.roleArn(config.roleArn()).roleSessionName("pattern1-app")
              .durationSeconds((int) Duration.ofHours(1).toSeconds()))
          .build();
    }
    var builder = KmsClient.builder().region(Region.of(config.region())).credentialsProvider(credentials)
        .httpClientBuilder(ApacheHttpClient.builder());
    if (config.kmsEndpoint() != null) {
      builder.endpointOverride(config.kmsEndpoint());
    }
    return builder.build();
  }

  public int port() {
    return ((ServerConnector) http.getConnectors()[0]).getLocalPort();
  }

  public String url() {
    return "http://" + config.host() + ":" + port();
  }

  public SecretRepository repository() {
    return repository;
  }

  @Override
  public void close() throws Exception {
    try {
      http.stop();
    } finally {
      kms.close();
      repository.close();
    }
  }

  /** A request the app refuses before touching KMS or the database. */
  private static final class BadRequest extends Exception {
    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  private final class Routes extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      String method = request.getMethod();
      try {
        if (path.equals("/") && HttpMethod.GET.is(method)) {
          send(response, callback, 200, "OK".getBytes(StandardCharsets.UTF_8), "text/plain");
        } else if (path.equals("/encrypt") && HttpMethod.POST.is(method)) {
          encrypt(body(request), response, callback);
        } else if (path.equals("/decrypt") && (HttpMethod.GET.is(method) || HttpMethod.POST.is(method))) {
          decrypt(body(request), response, callback);
        } else {
          message(response, callback, 404, "Not found: " + method + " " + path);
        }
      } catch (BadRequest e) {
        message(response, callback, 400, e.getMessage());
      } catch (SQLException e) {
        log.error("database error ({}): {}", e.getSQLState(), e.getMessage());
        message(response, callback, 500, "Database error, check logs for more details");
      } catch (IOException | RuntimeException e) {
        log.error("request failed: {}", e.getClass().getName());
        message(response, callback, 500, "Internal error, check logs for more details");
      }
      return true;
    }

    private void encrypt(JsonNode body, Response response, Callback callback) throws BadRequest, SQLException {
      String name = name(body);
      String text = text(body, "Text");
      if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
        throw new BadRequest("Text must be at most " + MAX_TEXT_BYTES + " bytes");
      }
      SecretCipher.Encrypted encrypted;
      try {
        encrypted = cipher.encrypt(name, text);
      } catch (SecretCipher.CryptoFailed e) {
        log.warn("encrypt failed: KMS answered {}", e.errorCode());
        message(response, callback, 400, ENCRYPT_FAILED);
        return;
      }
      repository.put(name, encrypted.stored());
      ObjectNode out = JSON.createObjectNode().put("Message", ENCRYPTED).put("Key", encrypted.keyId());
      json(response, callback, 200, out);
    }

    private void decrypt(JsonNode body, Response response, Callback callback) throws BadRequest, SQLException {
      String name = name(body);
      String key = text(body, "Key");
      Optional<String> stored = repository.get(name);
      if (stored.isEmpty()) {
        message(response, callback, 400, UNKNOWN_NAME);
        return;
      }
      try {
        json(response, callback, 200, JSON.createObjectNode().put("Text", cipher.decrypt(name, key, stored.get())));
      } catch (SecretCipher.CryptoFailed e) {
        log.warn("decrypt failed: KMS answered {}", e.errorCode());
        message(response, callback, 400, DECRYPT_FAILED);
      }
    }

    private JsonNode body(Request request) throws BadRequest, IOException {
      byte[] bytes;
      try (InputStream in = Content.Source.asInputStream(request)) {
        bytes = request.getLength() > MAX_BODY_BYTES ? null : in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes == null || bytes.length > MAX_BODY_BYTES) {
          // Read and drop what the client is still sending (bounded), so it gets our 400 instead
          // of a connection reset in the middle of its upload.
          byte[] sink = new byte[8192];
          long drained = 0;
          for (int n; drained < MAX_DRAINED_BYTES && (n = in.read(sink)) > 0; ) {
            drained += n;
          }
          throw new BadRequest("Request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
      }
      try {
        JsonNode n = JSON.readTree(bytes);
        if (n == null || !n.isObject()) {
          throw new BadRequest("Malformed request: expected a JSON object");
        }
        return n;
      } catch (IOException e) {
        throw new BadRequest("Malformed request: the body is not valid JSON");
      }
    }

    private String name(JsonNode body) throws BadRequest {
      String name = text(body, "Name");
      if (name.isEmpty() || name.length() > MAX_NAME_CHARS) {
        throw new BadRequest("Name must be 1 to " + MAX_NAME_CHARS + " characters");
      }
      return name;
    }

    private String text(JsonNode body, String field) throws BadRequest {
      JsonNode n = body.get(field);
      if (n == null || !n.isTextual()) {
        throw new BadRequest("Malformed request: \"" + field + "\" must be a string");
      }
      return n.textValue();
    }

    private void message(Response response, Callback callback, int status, String message) {
      json(response, callback, status, JSON.createObjectNode().put("Message", message));
    }

    private void json(Response response, Callback callback, int status, ObjectNode body) {
      try {
        send(response, callback, status, JSON.writeValueAsBytes(body), "application/json");
      } catch (IOException e) {
        callback.failed(e);
      }
    }

    private void send(Response response, Callback callback, int status, byte[] body, String contentType) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }
}
