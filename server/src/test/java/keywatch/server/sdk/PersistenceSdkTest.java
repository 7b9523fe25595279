package keywatch.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import keywatch.kms.ciphertext.SymmetricCiphertext;
import keywatch.kms.crypto.RootKey;
import keywatch.kms.store.Database;
import keywatch.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Keys survive a restart, on embedded H2 and on the local PostgreSQL: a new server on the same
 * data directory (root key) and database sees every key, alias, tag, policy, rotation and state,
 * and old ciphertexts, signatures and MACs still decrypt and verify. The store is then read
 * directly: the root key file is owner-only, and no key material (unwrapped here with the root
 * key, and proven to be the real material by using it locally) appears in the clear.
 *
 * <p>PostgreSQL: jdbc:postgresql://127.0.0.1:5432/test as postgres (trust auth); each run uses a
 * fresh schema, dropped afterwards.
 */
class PersistenceSdkTest {
  /** The local PostgreSQL; a system property may point elsewhere (no password: trust auth). */
  static final String PG_URL = System.getProperty("keywatch.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String PG_USER = System.getProperty("keywatch.test.postgres.user", "postgres");
  static final Map<String, String> CONTEXT = Map.of("store", "persistent");
  static final byte[] MESSAGE = "persist me".getBytes(StandardCharsets.UTF_8);
  static final String POLICY = TagsAndPoliciesSdkTest.POLICY;

  @TempDir
  Path dataDir;

  /** What was made before the restart, and what the API said about it. */
  record Fixture(
      KeyMetadata symmetric, SdkBytes beforeRotation, SdkBytes afterRotation, String alias,
      KeyMetadata rsaEncrypt, byte[] jdkCiphertext, SdkBytes kmsRsaCiphertext,
      KeyMetadata rsaSign, SdkBytes pssSignature, KeyMetadata ecc, SdkBytes ecdsaSignature,
      KeyMetadata hmac, SdkBytes mac, String hmacAlias, KeyMetadata pending, KeyMetadata disabled,
      byte[] dataKeyPlaintext, SdkBytes dataKeyCiphertext, byte[] dataKeyPairPrivateDer,
      Map<String, KeyMetadata> metadata, Map<String, byte[]> publicKeys, List<AliasListEntry> aliases,
      List<RotationsListEntry> rotations) {}

  @Test
  void keysSurviveARestartOnH2() throws Exception {
    try (KeywatchHarness harness = KeywatchHarness.start(ServerConfig.forTests(dataDir), new MutableClock())) {
      Fixture f = populate(harness.kms());
      harness.restart();
      verify(harness, f);
      harness.shutdown();

      assertRootKeyFileIsOwnerOnly();
      Map<String, List<String>> rows;
      try (Connection c = DriverManager.getConnection(Database.embeddedUrl(dataDir), "sa", "")) {
        rows = readAllRows(c);
      }
      byte[] file = Files.readAllBytes(dataDir.resolve("keywatch.mv.db"));
      assertNoMaterialInClear(f, rows, file);
    }
  }

  @Test
  void keysSurviveARestartOnPostgresql() throws Exception {
    String schema = "kw_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection admin = postgres(PG_URL)) {
      try (Statement s = admin.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      }
      try {
        ServerConfig config = ServerConfig.forTests(dataDir)
            .withDatabase(PG_URL + "?currentSchema=" + schema, PG_USER, null);
        try (KeywatchHarness harness = KeywatchHarness.start(config, new MutableClock())) {
          Fixture f = populate(harness.kms());
          harness.restart();
          verify(harness, f);
          harness.shutdown();

          assertRootKeyFileIsOwnerOnly();
          Map<String, List<String>> rows;
          try (Connection c = postgres(PG_URL + "?currentSchema=" + schema)) {
            rows = readAllRows(c);
          }
          assertThat(rows).containsKeys("KMS_KEY", "KMS_KEY_MATERIAL", "KMS_ALIAS");
          assertNoMaterialInClear(f, rows, new byte[0]);
        }
      } finally {
        try (Statement s = admin.createStatement()) {
          s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
      }
    }
  }

  static Connection postgres(String url) {
    try {
      return DriverManager.getConnection(url, PG_USER, null);
    } catch (SQLException e) {
      return fail("the local PostgreSQL at " + PG_URL + " is needed (start it with"
          + " `pg_ctlcluster --skip-systemctl-redirect <version> main start`)", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // before the restart

  static Fixture populate(KmsClient kms) throws Exception {
    KeyMetadata symmetric = kms.createKey(r -> r.description("persistent symmetric").policy(POLICY)
        .tags(Tag.builder().tagKey("team").tagValue("storage").build())).keyMetadata();
    String alias = "alias/persistent";
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(symmetric.keyId()));
    kms.enableKeyRotation(r -> r.keyId(symmetric.keyId()).rotationPeriodInDays(90));
    SdkBytes beforeRotation = kms.encrypt(r -> r.keyId(alias).plaintext(SdkBytes.fromUtf8String("old generation"))
        .encryptionContext(CONTEXT)).ciphertextBlob();
    kms.rotateKeyOnDemand(r -> r.keyId(symmetric.keyId()));
    SdkBytes afterRotation = kms.encrypt(r -> r.keyId(alias).plaintext(SdkBytes.fromUtf8String("new generation"))
        .encryptionContext(CONTEXT)).ciphertextBlob();

    KeyMetadata rsaEncrypt = kms.createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata();
    byte[] jdkCiphertext = oaepEncrypt(kms.getPublicKey(r -> r.keyId(rsaEncrypt.keyId())).publicKey().asByteArray(), "from the jdk");
    SdkBytes kmsRsaCiphertext = kms.encrypt(r -> r.keyId(rsaEncrypt.keyId()).encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
        .plaintext(SdkBytes.fromUtf8String("from kms"))).ciphertextBlob();

    KeyMetadata rsaSign = kms.createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata();
    SdkBytes pss = kms.sign(r -> r.keyId(rsaSign.keyId()).signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)
        .message(SdkBytes.fromByteArray(MESSAGE))).signature();
    KeyMetadata ecc = kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P384).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata();
    SdkBytes ecdsa = kms.sign(r -> r.keyId(ecc.keyId()).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_384)
        .message(SdkBytes.fromByteArray(MESSAGE))).signature();

    KeyMetadata hmac = kms.createKey(r -> r.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata();
    String hmacAlias = "alias/persistent-mac";
    kms.createAlias(r -> r.aliasName(hmacAlias).targetKeyId(hmac.keyId()));
    SdkBytes mac = kms.generateMac(r -> r.keyId(hmacAlias).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
        .message(SdkBytes.fromByteArray(MESSAGE))).mac();

    KeyMetadata pending = kms.createKey(r -> { }).keyMetadata();
    kms.scheduleKeyDeletion(r -> r.keyId(pending.keyId()).pendingWindowInDays(7));
    KeyMetadata disabled = kms.createKey(r -> { }).keyMetadata();
    kms.disableKey(r -> r.keyId(disabled.keyId()));

    var dataKey = kms.generateDataKey(r -> r.keyId(symmetric.keyId()).keySpec(DataKeySpec.AES_256));
    var dataKeyPair = kms.generateDataKeyPair(r -> r.keyId(symmetric.keyId()).keyPairSpec(DataKeyPairSpec.RSA_2048));

    Map<String, KeyMetadata> metadata = new HashMap<>();
    for (KeyListEntry e : kms.listKeys(r -> { }).keys()) {
      metadata.put(e.keyId(), kms.describeKey(r -> r.keyId(e.keyId())).keyMetadata());
    }
    Map<String, byte[]> publicKeys = new HashMap<>();
    for (KeyMetadata k : List.of(rsaEncrypt, rsaSign, ecc)) {
      publicKeys.put(k.keyId(), kms.getPublicKey(r -> r.keyId(k.keyId())).publicKey().asByteArray());
    }
    return new Fixture(symmetric, beforeRotation, afterRotation, alias, rsaEncrypt, jdkCiphertext, kmsRsaCiphertext,
        rsaSign, pss, ecc, ecdsa, hmac, mac, hmacAlias, pending, disabled,
        dataKey.plaintext().asByteArray(), dataKey.ciphertextBlob(), dataKeyPair.privateKeyPlaintext().asByteArray(),
        metadata, publicKeys, kms.listAliases(r -> { }).aliases(),
        kms.listKeyRotations(r -> r.keyId(symmetric.keyId())).rotations());
  }

  static byte[] oaepEncrypt(byte[] publicKeyDer, String plaintext) throws Exception {
    PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer));
    Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
    c.init(Cipher.ENCRYPT_MODE, pub, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    return c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------------------------------------
  // after the restart

  static void verify(KeywatchHarness harness, Fixture f) throws Exception {
    KmsClient kms = harness.kms();

    Map<String, KeyMetadata> metadata = new HashMap<>();
    for (KeyListEntry e : kms.listKeys(r -> { }).keys()) {
      metadata.put(e.keyId(), kms.describeKey(r -> r.keyId(e.keyId())).keyMetadata());
    }
    assertThat(metadata).isEqualTo(f.metadata());
    assertThat(metadata.get(f.pending().keyId()).keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(metadata.get(f.disabled().keyId()).keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(kms.listAliases(r -> { }).aliases()).isEqualTo(f.aliases());
    assertThat(kms.listResourceTags(r -> r.keyId(f.symmetric().keyId())).tags())
        .containsExactly(Tag.builder().tagKey("team").tagValue("storage").build());
    assertThat(kms.getKeyPolicy(r -> r.keyId(f.symmetric().keyId())).policy()).isEqualTo(POLICY);
    var rotation = kms.getKeyRotationStatus(r -> r.keyId(f.symmetric().keyId()));
    assertThat(rotation.keyRotationEnabled()).isTrue();
    assertThat(rotation.rotationPeriodInDays()).isEqualTo(90);
    assertThat(kms.listKeyRotations(r -> r.keyId(f.symmetric().keyId())).rotations()).isEqualTo(f.rotations()).hasSize(1);
    for (var e : f.publicKeys().entrySet()) {
      assertThat(kms.getPublicKey(r -> r.keyId(e.getKey())).publicKey().asByteArray()).isEqualTo(e.getValue());
    }

    assertThat(decrypt(kms, f.beforeRotation())).isEqualTo("old generation");
    assertThat(decrypt(kms, f.afterRotation())).isEqualTo("new generation");
    assertThat(kms.decrypt(r -> r.ciphertextBlob(f.dataKeyCiphertext())).plaintext().asByteArray()).isEqualTo(f.dataKeyPlaintext());
    assertThat(kms.decrypt(r -> r.keyId(f.rsaEncrypt().arn()).encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)
        .ciphertextBlob(SdkBytes.fromByteArray(f.jdkCiphertext()))).plaintext().asUtf8String()).isEqualTo("from the jdk");
    assertThat(kms.decrypt(r -> r.keyId(f.rsaEncrypt().keyId()).encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)
        .ciphertextBlob(f.kmsRsaCiphertext())).plaintext().asUtf8String()).isEqualTo("from kms");
    assertThat(kms.verify(r -> r.keyId(f.rsaSign().keyId()).signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)
        .message(SdkBytes.fromByteArray(MESSAGE)).signature(f.pssSignature())).signatureValid()).isTrue();
    assertThat(kms.verify(r -> r.keyId(f.ecc().keyId()).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_384)
        .message(SdkBytes.fromByteArray(MESSAGE)).signature(f.ecdsaSignature())).signatureValid()).isTrue();
    assertThat(kms.verifyMac(r -> r.keyId(f.hmacAlias()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
        .message(SdkBytes.fromByteArray(MESSAGE)).mac(f.mac())).macValid()).isTrue();
    assertThat(kms.generateMac(r -> r.keyId(f.hmac().keyId()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
        .message(SdkBytes.fromByteArray(MESSAGE))).mac()).isEqualTo(f.mac());
    var pss = kms.sign(r -> r.keyId(f.rsaSign().keyId()).signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)
        .message(SdkBytes.fromByteArray(MESSAGE))).signature().asByteArray();
    assertThat(jdkPssVerifies(f.publicKeys().get(f.rsaSign().keyId()), pss)).isTrue();

    // time-driven state survives too: the deletion window and the rotation schedule
    harness.clock().advance(Duration.ofDays(7));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> kms.describeKey(r -> r.keyId(f.pending().keyId())))
        .isExactlyInstanceOf(NotFoundException.class);
    harness.clock().advance(Duration.ofDays(90));
    SdkBytes rotated = kms.encrypt(r -> r.keyId(f.alias()).plaintext(SdkBytes.fromUtf8String("third")).encryptionContext(CONTEXT))
        .ciphertextBlob();
    assertThat(kms.listKeyRotations(r -> r.keyId(f.symmetric().keyId())).rotations()).hasSize(2);
    assertThat(decrypt(kms, rotated)).isEqualTo("third");
    assertThat(decrypt(kms, f.beforeRotation())).isEqualTo("old generation");
  }

  static String decrypt(KmsClient kms, SdkBytes blob) {
    return kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT)).plaintext().asUtf8String();
  }

  static boolean jdkPssVerifies(byte[] publicKeyDer, byte[] signature) throws Exception {
    Signature s = Signature.getInstance("RSASSA-PSS");
    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    s.initVerify(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer)));
    s.update(MESSAGE);
    return s.verify(signature);
  }

  // ---------------------------------------------------------------------------------------------
  // the store, read directly

  void assertRootKeyFileIsOwnerOnly() throws Exception {
    Path root = dataDir.resolve("root.key");
    assertThat(Files.getPosixFilePermissions(root))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.size(root)).isEqualTo(32);
  }

  /** Every table's rows, each as its columns' text joined; table names upper-cased. */
  static Map<String, List<String>> readAllRows(Connection c) throws SQLException {
    Map<String, List<String>> out = new HashMap<>();
    List<String> tables = new ArrayList<>();
    try (ResultSet t = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
      while (t.next()) {
        tables.add(t.getString("TABLE_NAME"));
      }
    }
    for (String table : tables) {
      List<String> rows = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= columns; i++) {
            row.append(r.getString(i)).append('\u0000');
          }
          rows.add(row.toString());
        }
      }
      out.put(table.toUpperCase(), rows);
    }
    return out;
  }

  /**
   * Unwraps every stored backing key with the root key, proves each is the real material by using
   * it locally against what the API produced, then asserts that none of it (nor the root key, nor
   * a data key or data key pair the API returned) appears in any row or in the database file,
   * raw or in base64.
   */
  void assertNoMaterialInClear(Fixture f, Map<String, List<String>> rows, byte[] databaseFile) throws Exception {
    RootKey rootKey = RootKey.loadOrCreate(dataDir.resolve("root.key"), new SecureRandom());
    Map<String, Map<Integer, byte[]>> secrets = new HashMap<>();
    for (String row : rows.get("KMS_KEY_MATERIAL")) {
      String[] col = row.split("\u0000", -1); // key_id, version, created_at, rotation_type, wrapped_secret, public_key
      byte[] wrapped = Base64.getDecoder().decode(col[4]);
      byte[] secret = rootKey.unwrap(wrapped, col[0], Integer.parseInt(col[1]));
      secrets.computeIfAbsent(col[0], k -> new HashMap<>()).put(Integer.parseInt(col[1]), secret);
    }
    // the initial key, the on-demand rotation, and the automatic one after the restart
    assertThat(secrets.get(f.symmetric().keyId())).hasSize(3);

    // the material is real: it opens KMS's ciphertexts, computes KMS's MAC, matches the public key
    byte[] aesV0 = secrets.get(f.symmetric().keyId()).get(0);
    byte[] blob = f.beforeRotation().asByteArray();
    assertThat(new String(SymmetricCiphertext.open(new SecretKeySpec(aesV0, "AES"), blob,
        SymmetricCiphertext.parseHeader(blob), CONTEXT), StandardCharsets.UTF_8)).isEqualTo("old generation");
    byte[] hmacKey = secrets.get(f.hmac().keyId()).get(0);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
    assertThat(mac.doFinal(MESSAGE)).isEqualTo(f.mac().asByteArray());
    byte[] rsaPrivateDer = secrets.get(f.rsaSign().keyId()).get(0);
    var rsaPrivate = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rsaPrivateDer));
    var rsaPublic = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(f.publicKeys().get(f.rsaSign().keyId())));
    assertThat(rsaPrivate.getModulus()).isEqualTo(rsaPublic.getModulus());

    List<byte[]> secretsToHide = new ArrayList<>();
    secrets.values().forEach(byVersion -> secretsToHide.addAll(byVersion.values()));
    secretsToHide.add(Files.readAllBytes(dataDir.resolve("root.key")));
    secretsToHide.add(f.dataKeyPlaintext());
    secretsToHide.add(f.dataKeyPairPrivateDer());
    String allRows = String.join("\n", rows.values().stream().flatMap(List::stream).toList());
    byte[] allRowBytes = allRows.getBytes(StandardCharsets.ISO_8859_1);
    for (byte[] secret : secretsToHide) {
      String b64 = Base64.getEncoder().encodeToString(secret);
      String b64Core = b64.substring(0, Math.min(b64.length(), 40));
      assertThat(allRows).as("stored rows hold no base64 key material").doesNotContain(b64Core);
      assertThat(indexOf(allRowBytes, secret)).as("stored rows hold no raw key material").isEqualTo(-1);
      assertThat(indexOf(databaseFile, secret)).as("the database file holds no raw key material").isEqualTo(-1);
      assertThat(indexOf(databaseFile, b64Core.getBytes(StandardCharsets.US_ASCII)))
          .as("the database file holds no base64 key material").isEqualTo(-1);
    }
    if (databaseFile.length > 0) {
      // sanity: the scan does find what is stored openly, e.g. a public key
      String publicB64 = Base64.getEncoder().encodeToString(f.publicKeys().get(f.rsaSign().keyId()));
      assertThat(indexOf(databaseFile, publicB64.substring(0, 40).getBytes(StandardCharsets.US_ASCII))).isNotEqualTo(-1);
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
