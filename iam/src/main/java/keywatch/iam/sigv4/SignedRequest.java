package keywatch.iam.sigv4;

import java.util.List;
import java.util.Map;

/**
 * A request as received: raw path and query exactly as on the wire (still percent-encoded),
 * header names case-insensitive.
 *
 * <p>{@code rawQuery} is the part after {@code ?} without the {@code ?}, empty or null when there
 * is none. A null {@code body} counts as empty. The body array is not copied: the verifier only
 * reads it.
 */
public record SignedRequest(
    String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {}
