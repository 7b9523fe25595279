package keywatch.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import keywatch.kms.store.Database;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.server.sdk.MutableClock;
import keywatch.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Secret access keys never reach the disk in the clear: not in the database's rows, not anywhere
 * in its files, while the keys keep working across a restart (so they are stored, wrapped).
 */
class SecretsAtRestTest {
  @TempDir Path dir;

  @Test
  void secretsAreStoredOnlyWrapped() throws Exception {
    ServerConfig config = ServerConfig.forTests(dir);
    String userKeyId;
    String userSecret;
    String rootKeyId;
    String rootSecret;
    try (KeywatchHarness harness = KeywatchHarness.start(config, new MutableClock())) {
      KeywatchIam cli = new KeywatchIam(harness);
      cli.iam("create-user", "--user-name", "erin").json();
      cli.iam("put-user-policy", "--user-name", "erin", "--policy-name", "all", "--policy-document",
          Policies.allow("kms:*", "*")).json();
      JsonNode k = cli.iam("create-access-key", "--user-name", "erin").json().get("AccessKey");
      userKeyId = k.get("AccessKeyId").asText();
      userSecret = k.get("SecretAccessKey").asText();
      JsonNode r = cli.iam("create-access-key").json().get("AccessKey");
      rootKeyId = r.get("AccessKeyId").asText();
      rootSecret = r.get("SecretAccessKey").asText();
    }
    List<String> secrets = List.of(userSecret, rootSecret, config.adminSecretAccessKey());

    try (Database db = Database.open(Database.embeddedUrl(dir), "sa", "");
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT * FROM iam_access_key")) {
      List<String> cells = new ArrayList<>();
      while (rows.next()) {
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
          cells.add(String.valueOf(rows.getObject(i)));
        }
      }
      assertThat(cells).as("the control: key ids are stored as they are").contains(userKeyId, rootKeyId);
      for (String secret : secrets) {
        assertThat(cells).noneMatch(cell -> cell.contains(secret));
      }
    }

    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    String all = String.join("\n", files.stream().map(SecretsAtRestTest::latin1).toList());
    assertThat(all).as("the control: the scan sees what is stored in the clear").contains(userKeyId).contains("erin");
    for (String secret : secrets) {
      assertThat(all).as("a secret in the clear on disk").doesNotContain(secret);
    }

    try (KeywatchHarness again = KeywatchHarness.start(config, new MutableClock());
        KmsClient erin = KeywatchHarness.client(again.server().endpoint(), userKeyId, userSecret)) {
      assertThat(erin.listKeys().keys()).isNotNull();
    }
  }

  private static String latin1(Path p) {
    try {
      return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
