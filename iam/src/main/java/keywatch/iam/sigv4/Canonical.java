package keywatch.iam.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pieces of Signature Version 4 that signer and verifier share: the canonical request, the
 * string to sign, the signing-key derivation, and AWS's URI encoding.
 *
 * <p>Design note. Both sides compute the canonical request from the request as it is on the wire,
 * so that the signer here and any SDK agree byte for byte:
 * <ul>
 *   <li>Canonical URI (every service but S3): the raw path with empty and {@code .} segments
 *       dropped and {@code ..} resolved, then each byte outside {@code A-Za-z0-9-_.~/} written as
 *       {@code %XX}. The raw path is already percent-encoded, so {@code %} itself becomes
 *       {@code %25}: this is the "encode twice" the SDKs do for non-S3 services.
 *   <li>Canonical query: each {@code name=value} pair percent-decoded, then re-encoded the AWS way
 *       (so {@code %7e} and {@code ~} agree, {@code +} stays a literal plus), sorted by name, then
 *       value, in byte order; a pair without {@code =} has an empty value.
 *   <li>Canonical headers: only the signed ones, names lower-cased, each value trimmed with inner
 *       runs of whitespace collapsed to one space, repeated headers joined by {@code ,} in the
 *       order received.
 * </ul>
 */
final class Canonical {

  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final String TERMINATOR = "aws4_request";
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
  private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();

  private static final ThreadLocal<HmacHolder> HMAC = ThreadLocal.withInitial(() -> {
    try {
      return new HmacHolder(Mac.getInstance("HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  });
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  });

  private Canonical() {}

  // ---- canonical request ----

  static String canonicalRequest(
      String method, String canonicalUri, String canonicalQuery, String canonicalHeaders,
      String signedHeaders, String payloadHash) {
    return method + '\n' + canonicalUri + '\n' + canonicalQuery + '\n' + canonicalHeaders + '\n'
        + signedHeaders + '\n' + payloadHash;
  }

  static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
        + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  static String scope(String date, String region, String service) {
    return date + '/' + region + '/' + service + '/' + TERMINATOR;
  }

  /** The raw path, normalized and encoded; see the class comment. */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    List<String> segments = new ArrayList<>();
    boolean trailingSlash = false;
    int start = 0;
    int n = rawPath.length();
    while (start <= n) {
      int end = rawPath.indexOf('/', start);
      if (end < 0) {
        end = n;
      }
      String segment = rawPath.substring(start, end);
      boolean last = end == n;
      if (segment.isEmpty() || segment.equals(".")) {
        trailingSlash = last; // "/a/" and "/a/." both end in a slash
      } else if (segment.equals("..")) {
        if (!segments.isEmpty()) {
          segments.remove(segments.size() - 1);
        }
        trailingSlash = last;
      } else {
        segments.add(segment);
        trailingSlash = false;
      }
      start = end + 1;
    }
    if (segments.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder(rawPath.length() + 16);
    for (String segment : segments) {
      out.append('/');
      encodeInto(out, segment.getBytes(StandardCharsets.UTF_8));
    }
    if (trailingSlash) {
      out.append('/');
    }
    return out.toString();
  }

  /** The raw query as AWS canonicalizes it, leaving out {@code skipName} (already encoded). */
  static String canonicalQuery(String rawQuery, String skipName) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String piece : rawQuery.split("&", -1)) {
      if (piece.isEmpty()) {
        continue;
      }
      int eq = piece.indexOf('=');
      String name = eq < 0 ? piece : piece.substring(0, eq);
      String value = eq < 0 ? "" : piece.substring(eq + 1);
      String encodedName = uriEncode(percentDecode(name));
      if (encodedName.equals(skipName)) {
        continue;
      }
      pairs.add(new String[] {encodedName, uriEncode(percentDecode(value))});
    }
    pairs.sort((a, b) -> {
      int byName = a[0].compareTo(b[0]);
      return byName != 0 ? byName : a[1].compareTo(b[1]);
    });
    StringBuilder out = new StringBuilder(rawQuery.length() + 16);
    for (String[] pair : pairs) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(pair[0]).append('=').append(pair[1]);
    }
    return out.toString();
  }

  /** Decoded {@code name -> values} of a raw query; a pair without {@code =} has value "". */
  static Map<String, List<String>> queryParameters(String rawQuery) {
    Map<String, List<String>> params = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String piece : rawQuery.split("&", -1)) {
      if (piece.isEmpty()) {
        continue;
      }
      int eq = piece.indexOf('=');
      String name = new String(percentDecode(eq < 0 ? piece : piece.substring(0, eq)),
          StandardCharsets.UTF_8);
      String value = eq < 0 ? ""
          : new String(percentDecode(piece.substring(eq + 1)), StandardCharsets.UTF_8);
      params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }
    return params;
  }

  /** Headers by lower-cased name, values in the order received (names may repeat in any case). */
  static Map<String, List<String>> lowerCaseHeaders(Map<String, List<String>> headers) {
    Map<String, List<String>> out = new HashMap<>();
    if (headers == null) {
      return out;
    }
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        continue;
      }
      out.computeIfAbsent(e.getKey().trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
          .addAll(e.getValue());
    }
    return out;
  }

  /** {@code name:value\n} for each signed name, in the order given. */
  static String canonicalHeaders(Map<String, List<String>> lowerCaseHeaders, List<String> names) {
    StringBuilder out = new StringBuilder(256);
    for (String name : names) {
      out.append(name).append(':');
      List<String> values = lowerCaseHeaders.get(name);
      if (values != null) {
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          appendTrimmed(out, values.get(i));
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Appends the value trimmed, inner runs of whitespace collapsed to one space. */
  static void appendTrimmed(StringBuilder out, String value) {
    if (value == null) {
      return;
    }
    boolean pendingSpace = false;
    boolean any = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B') {
        pendingSpace = any;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
        any = true;
      }
    }
  }

  // ---- encoding ----

  /** AWS's URI encoding of a string's UTF-8 bytes: everything but A-Za-z0-9-_.~ as %XX. */
  static String uriEncode(String s) {
    return uriEncode(s.getBytes(StandardCharsets.UTF_8));
  }

  static String uriEncode(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length + 8);
    encodeInto(out, bytes);
    return out.toString();
  }

  private static void encodeInto(StringBuilder out, byte[] bytes) {
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX_UPPER[c >> 4]).append(HEX_UPPER[c & 0xf]);
      }
    }
  }

  /** Percent-decodes to bytes; a {@code %} not followed by two hex digits stays literal. */
  static byte[] percentDecode(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (s.indexOf('%') < 0) {
      return utf8;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length);
    for (int i = 0; i < utf8.length; i++) {
      int hi;
      int lo;
      if (utf8[i] == '%' && i + 2 < utf8.length
          && (hi = Character.digit(utf8[i + 1], 16)) >= 0
          && (lo = Character.digit(utf8[i + 2], 16)) >= 0) {
        out.write((hi << 4) | lo);
        i += 2;
      } else {
        out.write(utf8[i]);
      }
    }
    return out.toByteArray();
  }

  static String percentDecodeToString(String s) {
    return new String(percentDecode(s), StandardCharsets.UTF_8);
  }

  // ---- crypto ----

  static byte[] sha256(byte[] data) {
    MessageDigest md = SHA256.get();
    md.reset();
    return md.digest(data == null ? new byte[0] : data);
  }

  static String sha256Hex(byte[] data) {
    return hex(sha256(data));
  }

  static byte[] hmacSha256(byte[] key, String data) {
    HmacHolder holder = HMAC.get();
    // doFinal leaves the Mac keyed, so a thread verifying with the same cached signing key
    // (the same array) again skips the key schedule.
    if (holder.key != key) {
      try {
        holder.mac.init(new SecretKeySpec(key, "HmacSHA256"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC key rejected", e);
      }
      holder.key = key;
    }
    return holder.mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static final class HmacHolder {
    final Mac mac;
    byte[] key;

    HmacHolder(Mac mac) {
      this.mac = mac;
    }
  }

  /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
  static byte[] deriveSigningKey(String secret, String date, String region, String service) {
    byte[] seed = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
    try {
      byte[] kDate = hmacSha256(seed, date);
      byte[] kRegion = hmacSha256(kDate, region);
      byte[] kService = hmacSha256(kRegion, service);
      return hmacSha256(kService, TERMINATOR);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX_LOWER[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX_LOWER[bytes[i] & 0xf];
    }
    return new String(out);
  }
}
