package keywatch.kms.ciphertext;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import keywatch.kms.crypto.AesGcm;
import keywatch.kms.crypto.CanonicalEncoding;

/**
 * The ciphertext blob of a symmetric KMS key, format version 1 (docs/ciphertext-format.md):
 *
 * <pre>
 *   offset  size  field
 *   0       1     format version, 0x01
 *   1       1     L, length of the key id (36)
 *   2       L     key id, ASCII (a UUID)
 *   2+L     4     backing-key version, unsigned big-endian
 *   6+L     12    AES-GCM nonce
 *   18+L    n+16  AES-256-GCM ciphertext of the n plaintext bytes, then the 16-byte tag
 * </pre>
 *
 * The associated data is the header (bytes 0 to 6+L) followed by the canonical encoding of the
 * encryption context, so changing any header byte, the context, or the sealed part fails
 * authentication. Parsing is strict: anything that is not a well-formed v1 blob is rejected.
 */
public final class SymmetricCiphertext {
  public static final byte VERSION_1 = 0x01;
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** The parsed header of a blob; the sealed part is opened by {@link #open}. */
  public record Header(String keyId, int backingKeyVersion, int headerLength) {}

  private SymmetricCiphertext() {}

  public static byte[] seal(AesGcm aes, SecretKey key, String keyId, int backingKeyVersion,
      byte[] plaintext, Map<String, String> encryptionContext) {
    byte[] header = header(keyId, backingKeyVersion);
    byte[] sealed = aes.encrypt(key, plaintext, associatedData(header, encryptionContext));
    byte[] blob = Arrays.copyOf(header, header.length + sealed.length);
    System.arraycopy(sealed, 0, blob, header.length, sealed.length);
    return blob;
  }

  /** Reads the header, or throws {@link MalformedCiphertext} if the blob is not a v1 blob. */
  public static Header parseHeader(byte[] blob) {
    if (blob.length < 2 || blob[0] != VERSION_1) {
      throw new MalformedCiphertext();
    }
    int idLength = blob[1] & 0xFF;
    int headerLength = 2 + idLength + 4;
    if (blob.length < headerLength + AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES) {
      throw new MalformedCiphertext();
    }
    String keyId = new String(blob, 2, idLength, StandardCharsets.US_ASCII);
    if (!KEY_ID.matcher(keyId).matches()) {
      throw new MalformedCiphertext();
    }
    int p = 2 + idLength;
    int version = ((blob[p] & 0xFF) << 24) | ((blob[p + 1] & 0xFF) << 16) | ((blob[p + 2] & 0xFF) << 8) | (blob[p + 3] & 0xFF);
    if (version < 0) {
      throw new MalformedCiphertext();
    }
    return new Header(keyId, version, headerLength);
  }

  /** Opens the blob; throws {@link AesGcm.AuthenticationFailed} if anything was changed. */
  public static byte[] open(SecretKey key, byte[] blob, Header header, Map<String, String> encryptionContext) {
    byte[] headerBytes = Arrays.copyOf(blob, header.headerLength());
    return AesGcm.decrypt(key, blob, header.headerLength(), associatedData(headerBytes, encryptionContext));
  }

  private static byte[] header(String keyId, int version) {
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    byte[] h = new byte[2 + id.length + 4];
    h[0] = VERSION_1;
    h[1] = (byte) id.length;
    System.arraycopy(id, 0, h, 2, id.length);
    int p = 2 + id.length;
    h[p] = (byte) (version >>> 24);
    h[p + 1] = (byte) (version >>> 16);
    h[p + 2] = (byte) (version >>> 8);
    h[p + 3] = (byte) version;
    return h;
  }

  private static byte[] associatedData(byte[] header, Map<String, String> encryptionContext) {
    return new CanonicalEncoding().field(header).map(encryptionContext).toBytes();
  }

  /** The blob is not a keywatch v1 ciphertext. */
  public static final class MalformedCiphertext extends RuntimeException {
    public MalformedCiphertext() {
      super("malformed ciphertext", null, false, false);
    }
  }
}
