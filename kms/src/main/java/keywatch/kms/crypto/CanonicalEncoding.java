package keywatch.kms.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The unambiguous byte encoding of anything keywatch authenticates or signs: every field is
 * length-prefixed (4-byte big-endian length, then UTF-8 bytes), and maps are sorted by key.
 * So {@code {"ab":"c"}} and {@code {"a":"bc"}} encode differently, unlike a plain concatenation.
 */
public final class CanonicalEncoding {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

  public CanonicalEncoding field(String value) {
    return field(value.getBytes(StandardCharsets.UTF_8));
  }

  public CanonicalEncoding field(byte[] value) {
    writeInt(value.length);
    out.writeBytes(value);
    return this;
  }

  public CanonicalEncoding field(int value) {
    writeInt(4);
    writeInt(value);
    return this;
  }

  /** A map as its entry count, then each key and value, sorted by key (Java string order). */
  public CanonicalEncoding map(Map<String, String> map) {
    writeInt(map.size());
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      field(e.getKey());
      field(e.getValue());
    }
    return this;
  }

  public byte[] toBytes() {
    return out.toByteArray();
  }

  private void writeInt(int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }
}
