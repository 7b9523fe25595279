package keywatch.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import keywatch.app.AppConfig;
import keywatch.app.LabApp;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.Role;
import keywatch.server.KeywatchServer;
import keywatch.server.config.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The lab's workload against a real keywatch over HTTP, running as the lab's application role
 * through STS AssumeRole, with the lab's exact requests and answers (LAB.md §1), on H2, the local
 * MariaDB and the local PostgreSQL; and the lab app's flaws fixed: injection, bad bodies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabAppTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE = "pattern1-app-Pattern1ECSTaskRole";

  @TempDir static Path dir;
  private KeywatchServer keywatch;
  private String keyId;
  private String otherKeyId;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void startKeywatch() throws Exception {
    ServerConfig config = ServerConfig.forTests(dir.resolve("keywatch"));
    keywatch = KeywatchServer.start(config, Clock.systemUTC());
    try (KmsClient admin = KmsClient.builder().endpointOverride(URI.create(keywatch.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(config.adminAccessKeyId(), config.adminSecretAccessKey()))).build()) {
      keyId = admin.createKey(r -> r.description("lab key")).keyMetadata().keyId();
      otherKeyId = admin.createKey(r -> r.description("another key")).keyMetadata().keyId();
    }
    String account = config.accountRegion().accountId();
    String keyArn = config.accountRegion().keyArn(keyId);
    String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
        + account + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    String kmsOnLabKey = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\""
        + keyArn + "\"}]}";
    keywatch.identities().putRole(new Role(account, ROLE, new Ids(new java.security.SecureRandom()).roleId(),
        java.time.Instant.now(), trust, 3600, Map.of("kms", kmsOnLabKey)));
  }

  @AfterAll
  void stopKeywatch() throws Exception {
    keywatch.close();
  }

  static Stream<Arguments> databases() {
    return Stream.of(Arguments.of("h2"), Arguments.of("mariadb"), Arguments.of("postgresql"));
  }

  @ParameterizedTest(name = "the lab''s requests on {0}")
  @MethodSource("databases")
  void theLabsRequestsWorkAsTheLabDescribes(String database) throws Exception {
    try (TestDatabase db = TestDatabase.create(database, dir); LabApp app = startApp(db, false)) {
      assertThat(get(app, "/").body()).isEqualTo("OK");

      HttpResponse<String> enc = post(app, "/encrypt", "{\"Name\":\"Andy Jassy\",\"Text\":\"Welcome to ReInvent 2020!\"}");
      assertThat(enc.statusCode()).isEqualTo(200);
      JsonNode encrypted = JSON.readTree(enc.body());
      assertThat(encrypted.get("Message").asText()).isEqualTo("Data encrypted and stored, keep your key save");
      assertThat(encrypted.get("Key").asText()).isEqualTo(keyId);

      // The lab's curl sends a JSON body on a GET.
      HttpResponse<String> dec = send(app, "GET", "/decrypt", "{\"Name\":\"Andy Jassy\",\"Key\":\"" + keyId + "\"}");
      assertThat(dec.statusCode()).isEqualTo(200);
      assertThat(dec.body()).isEqualTo("{\"Text\":\"Welcome to ReInvent 2020!\"}");
      assertThat(send(app, "POST", "/decrypt", "{\"Name\":\"Andy Jassy\",\"Key\":\"" + keyId + "\"}").body())
          .isEqualTo("{\"Text\":\"Welcome to ReInvent 2020!\"}");

      HttpResponse<String> wrong = send(app, "GET", "/decrypt", "{\"Name\":\"Andy Jassy\",\"Key\":\"some-random-false-key\"}");
      assertThat(wrong.statusCode()).isEqualTo(400);
      assertThat(wrong.body()).isEqualTo("{\"Message\":\"Data decryption failed, make sure you have the correct key\"}");
      HttpResponse<String> otherKey = send(app, "GET", "/decrypt", "{\"Name\":\"Andy Jassy\",\"Key\":\"" + otherKeyId + "\"}");
      assertThat(otherKey.statusCode()).isEqualTo(400);
      assertThat(otherKey.body()).contains("Data decryption failed");

      HttpResponse<String> unknown = send(app, "GET", "/decrypt", "{\"Name\":\"Nobody\",\"Key\":\"" + keyId + "\"}");
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(unknown.body()).isEqualTo("{\"Message\":\"Failed getting secret text, check the user name\"}");

      // A second encrypt of the same name replaces the first.
      post(app, "/encrypt", "{\"Name\":\"Andy Jassy\",\"Text\":\"second\"}");
      assertThat(send(app, "POST", "/decrypt", "{\"Name\":\"Andy Jassy\",\"Key\":\"" + keyId + "\"}").body())
          .isEqualTo("{\"Text\":\"second\"}");
      assertThat(app.repository().count()).isEqualTo(1);
    }
  }

  @Test
  void envelopeModeStoresPerRecordDataKeysAndStillFailsOnTheWrongKey() throws Exception {
    try (TestDatabase db = TestDatabase.create("h2", dir); LabApp app = startApp(db, true)) {
      post(app, "/encrypt", "{\"Name\":\"Andy Jassy\",\"Text\":\"Welcome to ReInvent 2020!\"}");
      assertThat(app.repository().get("Andy Jassy")).get().asString().startsWith("env1:");
      assertThat(send(app, "GET", "/decrypt", "{\"Name\":\"Andy Jassy\",\"Key\":\"" + keyId + "\"}").body())
          .isEqualTo("{\"Text\":\"Welcome to ReInvent 2020!\"}");
      assertThat(send(app, "GET", "/decrypt", "{\"Name\":\"Andy Jassy\",\"Key\":\"" + otherKeyId + "\"}").statusCode())
          .isEqualTo(400);
    }
  }

  @Test
  void aCiphertextStoredUnderOneNameDoesNotDecryptUnderAnother() throws Exception {
    try (TestDatabase db = TestDatabase.create("h2", dir); LabApp app = startApp(db, false)) {
      post(app, "/encrypt", "{\"Name\":\"alice\",\"Text\":\"alice's secret\"}");
      post(app, "/encrypt", "{\"Name\":\"bob\",\"Text\":\"bob's secret\"}");
      // Move alice's ciphertext under bob's name, as an attacker with database access could:
      app.repository().put("bob", app.repository().get("alice").orElseThrow());
      HttpResponse<String> r = send(app, "GET", "/decrypt", "{\"Name\":\"bob\",\"Key\":\"" + keyId + "\"}");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).doesNotContain("alice's secret");
    }
  }

  @ParameterizedTest(name = "injection attempt on {0}")
  @MethodSource("databases")
  void sqlInjectionInNameIsJustAName(String database) throws Exception {
    try (TestDatabase db = TestDatabase.create(database, dir); LabApp app = startApp(db, false)) {
      post(app, "/encrypt", "{\"Name\":\"victim\",\"Text\":\"victim's secret\"}");
      String[] attempts = {"x' OR '1'='1", "x'; DROP TABLE peoplesecret; --", "victim' --", "\\' OR 1=1 #"};
      for (String name : attempts) {
        String quoted = JSON.writeValueAsString(name);
        HttpResponse<String> r = send(app, "GET", "/decrypt", "{\"Name\":" + quoted + ",\"Key\":\"" + keyId + "\"}");
        assertThat(r.statusCode()).as(name).isEqualTo(400);
        assertThat(r.body()).as(name).isEqualTo("{\"Message\":\"Failed getting secret text, check the user name\"}");
      }
      assertThat(app.repository().count()).isEqualTo(1);
      assertThat(send(app, "GET", "/decrypt", "{\"Name\":\"victim\",\"Key\":\"" + keyId + "\"}").body())
          .isEqualTo("{\"Text\":\"victim's secret\"}");
      // The same strings as names are stored and read back as names, nothing more.
      HttpResponse<String> stored = post(app, "/encrypt", "{\"Name\":" + JSON.writeValueAsString(attempts[1]) + ",\"Text\":\"t\"}");
      assertThat(stored.statusCode()).isEqualTo(200);
      assertThat(app.repository().count()).isEqualTo(2);
    }
  }

  @Test
  void malformedAndOversizedBodiesGetCleanBadRequests() throws Exception {
    try (TestDatabase db = TestDatabase.create("h2", dir); LabApp app = startApp(db, false)) {
      String[] bodies = {"", "not json", "[1,2]", "{\"Name\":5,\"Text\":\"x\"}", "{\"Text\":\"x\"}", "{\"Name\":\"a\"}",
          "{\"Name\":\"\",\"Text\":\"x\"}", "{\"Name\":\"" + "n".repeat(245) + "\",\"Text\":\"x\"}",
          "{\"Name\":\"a\",\"Text\":\"" + "t".repeat(4097) + "\"}", "{\"Name\":\"a\",\"Text\":\"" + "t".repeat(70_000) + "\"}"};
      for (String body : bodies) {
        HttpResponse<String> r = post(app, "/encrypt", body);
        String shown = body.length() > 40 ? body.substring(0, 40) + "..." : body;
        assertThat(r.statusCode()).as(shown).isEqualTo(400);
        JsonNode message = JSON.readTree(r.body()).get("Message");
        assertThat(message).as(shown).isNotNull();
        assertThat(r.body()).as(shown).doesNotContain("Exception").doesNotContain("at keywatch");
      }
      assertThat(app.repository().count()).isZero();
    }
  }

  private LabApp startApp(TestDatabase db, boolean envelope) throws Exception {
    ServerConfig k = keywatch.config();
    return LabApp.start(new AppConfig("127.0.0.1", 0, db.url(), db.user(), db.password(), URI.create(keywatch.endpoint()),
        k.accountRegion().region(), keyId, "arn:aws:iam::" + k.accountRegion().accountId() + ":role/" + ROLE,
        k.adminAccessKeyId(), k.adminSecretAccessKey(), envelope));
  }

  private HttpResponse<String> get(LabApp app, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(app.url() + path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(LabApp app, String path, String body) throws Exception {
    return send(app, "POST", path, body);
  }

  private HttpResponse<String> send(LabApp app, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(app.url() + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A fresh, empty database of one kind, dropped afterwards. */
  record TestDatabase(String url, String user, String password, Runnable drop) implements AutoCloseable {
    static TestDatabase create(String kind, Path dir) throws Exception {
      String name = "kwapp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      switch (kind) {
        case "h2":
          return new TestDatabase("jdbc:h2:file:" + dir.resolve(name).toAbsolutePath(), "sa", "", () -> { });
        case "mariadb": {
          String admin = "jdbc:mariadb://127.0.0.1:3306/";
          exec(admin, "root", "", "CREATE DATABASE " + name);
          return new TestDatabase(admin + name, "root", "", () -> exec(admin, "root", "", "DROP DATABASE " + name));
        }
        case "postgresql": {
          String base = "jdbc:postgresql://127.0.0.1:5432/test";
          exec(base, "postgres", "", "CREATE SCHEMA " + name);
          return new TestDatabase(base + "?currentSchema=" + name, "postgres", "",
              () -> exec(base, "postgres", "", "DROP SCHEMA " + name + " CASCADE"));
        }
        default:
          throw new IllegalArgumentException(kind);
      }
    }

    private static void exec(String url, String user, String password, String sql) {
      try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
        s.execute(sql);
      } catch (Exception e) {
        throw new IllegalStateException("database setup failed (" + url + "): " + e.getMessage()
            + " (scripts/setup.sh starts the local PostgreSQL and MariaDB)", e);
      }
    }

    @Override
    public void close() {
      drop.run();
    }
  }
}
