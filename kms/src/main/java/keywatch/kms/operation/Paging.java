package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;
import keywatch.kms.error.KmsException.InvalidMarkerException;
import keywatch.kms.protocol.KmsRequest;

/**
 * Limit/Marker paging as the KMS list operations do it: at most {@code Limit} items (1..1000,
 * default 100), {@code Truncated}, and an opaque {@code NextMarker} (here, the next item's offset).
 */
final class Paging {
  private Paging() {}

  static <T> void page(KmsRequest request, List<T> items, ObjectNode out, String listField,
      Function<T, ObjectNode> shape) {
    page(request, items, out, listField, shape, 1000, 100, 1024);
  }

  /** Paging with an operation's own bounds (ListGrants: at most 100, default 50, markers of 320). */
  static <T> void page(KmsRequest request, List<T> items, ObjectNode out, String listField,
      Function<T, ObjectNode> shape, int maxLimit, int defaultLimit, int maxMarkerChars) {
    Integer limit = request.integer("Limit", 1, maxLimit);
    String marker = request.string("Marker", 1, maxMarkerChars);
    int start = 0;
    if (marker != null) {
      try {
        start = Integer.parseInt(marker);
      } catch (NumberFormatException e) {
        start = -1;
      }
      if (start < 0 || start > items.size()) {
        throw new InvalidMarkerException("Invalid marker " + marker);
      }
    }
    int end = Math.min(items.size(), start + (limit == null ? defaultLimit : limit));
    ArrayNode list = out.putArray(listField);
    for (T t : items.subList(start, end)) {
      list.add(shape.apply(t));
    }
    out.put("Truncated", end < items.size());
    if (end < items.size()) {
      out.put("NextMarker", Integer.toString(end));
    }
  }
}
