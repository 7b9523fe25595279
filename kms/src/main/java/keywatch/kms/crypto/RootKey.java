package keywatch.kms.crypto;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that wraps every key's material before it is stored. It is a 256-bit AES key in a file
 * that keywatch creates at first start, readable by its owner only; a file supplied by the
 * operator is used as it is. Wrapping binds the material to its key id and version (associated
 * data), so a stored row cannot be moved to another key.
 */
public final class RootKey {
  private static final int KEY_BYTES = 32;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final SecretKey key;
  private final AesGcm aes;

  private RootKey(byte[] material, SecureRandom random) {
    this.key = new SecretKeySpec(material, "AES");
    this.aes = new AesGcm(random);
  }

  /** Loads the root key at {@code file}, creating it (owner-only) when it does not exist yet. */
  public static RootKey loadOrCreate(Path file, SecureRandom random) throws IOException {
    if (!Files.exists(file)) {
      byte[] fresh = new byte[KEY_BYTES];
      random.nextBytes(fresh);
      Files.createDirectories(file.toAbsolutePath().getParent());
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.write(file, fresh, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
      } catch (FileAlreadyExistsException raced) {
        // another process created it first: use theirs
      }
    }
    byte[] material = Files.readAllBytes(file);
    if (material.length != KEY_BYTES) {
      throw new IOException("root key file " + file + " must hold exactly " + KEY_BYTES + " bytes");
    }
    return new RootKey(material, random);
  }

  public byte[] wrap(byte[] material, String keyId, int version) {
    return aes.encrypt(key, material, context(keyId, version));
  }

  public byte[] unwrap(byte[] wrapped, String keyId, int version) {
    return AesGcm.decrypt(key, wrapped, 0, context(keyId, version));
  }

  /** Wraps any other secret (an access key's secret, a session token), bound to its purpose. */
  public byte[] wrapSecret(byte[] secret, String purpose) {
    return aes.encrypt(key, secret, purposeContext(purpose));
  }

  public byte[] unwrapSecret(byte[] wrapped, String purpose) {
    return AesGcm.decrypt(key, wrapped, 0, purposeContext(purpose));
  }

  private static byte[] purposeContext(String purpose) {
    return new CanonicalEncoding().field("keywatch-secret-v1").field(purpose).toBytes();
  }

  private static byte[] context(String keyId, int version) {
    return new CanonicalEncoding().field("keywatch-key-material-v1").field(keyId).field(version).toBytes();
  }
}
