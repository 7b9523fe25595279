package keywatch.trail.digest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The trail's digest signing key: RSA-2048, created at the trail's first open and kept in
 * {@code keys/digest-signing-key.pk8} (PKCS#8 DER, owner-only), with the public half beside it as
 * {@code keys/digest-public-key.pem} for auditors.
 *
 * <p>Fingerprint: CloudTrail publishes a 32-hex-digit fingerprint per key; keywatch uses the hex
 * MD5 of the public key's X.509 SubjectPublicKeyInfo DER (an identifier, not a security boundary:
 * the validator checks the signature with the key itself).
 */
public final class SigningKey {
  public static final String ALGORITHM = "SHA256withRSA";
  public static final String PRIVATE_KEY_FILE = "digest-signing-key.pk8";
  public static final String PUBLIC_KEY_FILE = "digest-public-key.pem";
  private static final int KEY_SIZE_BITS = 2048;

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String fingerprint;

  private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.fingerprint = fingerprint(publicKey);
  }

  /** Loads the key from {@code keysDirectory}, creating it (owner-only) on first use. */
  public static SigningKey loadOrCreate(Path keysDirectory) throws IOException {
    Path privateFile = keysDirectory.resolve(PRIVATE_KEY_FILE);
    try {
      if (!Files.exists(privateFile)) {
        createOwnerOnlyDirectory(keysDirectory);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(KEY_SIZE_BITS);
        KeyPair pair = generator.generateKeyPair();
        writeOwnerOnly(privateFile, pair.getPrivate().getEncoded());
      }
      byte[] der = Files.readAllBytes(privateFile);
      PrivateKey priv = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      RSAPrivateCrtKey crt = (RSAPrivateCrtKey) priv;
      PublicKey pub = KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      Path publicFile = keysDirectory.resolve(PUBLIC_KEY_FILE);
      if (!Files.exists(publicFile)) {
        Files.writeString(publicFile, toPem(pub), StandardCharsets.US_ASCII);
      }
      return new SigningKey(priv, pub);
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IOException("cannot load the digest signing key " + privateFile, e);
    }
  }

  private static void createOwnerOnlyDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system; rely on the parent's permissions.
    }
  }

  private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("signing key appeared while being created: " + file, e);
    }
    Files.write(file, content, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
  }

  /** Signs {@code data} with SHA256withRSA; the signature as lower-case hex, as CloudTrail stores it. */
  public String signHex(byte[] data) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(privateKey);
      s.update(data);
      return HexFormat.of().formatHex(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed", e);
    }
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public static String fingerprint(PublicKey key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String toPem(PublicKey key) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
  }

  public static PublicKey fromPem(String pem) throws IOException {
    String b64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("not an RSA public key in PEM form", e);
    }
  }
}
