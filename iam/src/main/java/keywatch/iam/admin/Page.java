package keywatch.iam.admin;

import keywatch.iam.query.QueryXml;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One page of a sorted listing, with IAM's Marker/MaxItems/IsTruncated. The marker is the sort
 * key of the next page's first item, encoded so clients treat it as opaque.
 */
record Page<T>(List<T> items, String nextMarker) {
  static final int DEFAULT_MAX_ITEMS = 100;

  static <T> Page<T> of(List<T> sorted, Function<T, String> sortKey, IamRequest r) {
    Integer max = r.optionalInt("MaxItems", "maxItems", 1, 1000);
    int maxItems = max == null ? DEFAULT_MAX_ITEMS : max;
    String marker = r.raw("Marker");
    int from = 0;
    if (marker != null) {
      String after;
      try {
        after = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw IamException.validation("Invalid Marker: " + marker);
      }
      while (from < sorted.size() && sortKey.apply(sorted.get(from)).compareTo(after) < 0) {
        from++;
      }
    }
    int to = Math.min(sorted.size(), from + maxItems);
    String next = to < sorted.size()
        ? Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.apply(sorted.get(to)).getBytes(StandardCharsets.UTF_8))
        : null;
    return new Page<>(sorted.subList(from, to), next);
  }

  /**
   * A List* answer for users or roles: those of the caller's account matching PathPrefix (every
   * keywatch user and role is at "/"), sorted by name, one page of them written as
   * {@code <element><member>...}, then IsTruncated and Marker.
   */
  static <T> QueryXml listing(IamRequest r, String element, List<T> all, Function<T, String> account,
      Function<T, String> name, BiConsumer<QueryXml, T> member) {
    String prefix = r.raw("PathPrefix");
    boolean onPath = prefix == null || "/".startsWith(prefix);
    List<T> sorted = all.stream().filter(t -> onPath && account.apply(t).equals(r.accountId()))
        .sorted(Comparator.comparing(name)).toList();
    Page<T> page = of(sorted, name, r);
    QueryXml x = new QueryXml(QueryXml.IAM_NAMESPACE).open(element);
    for (T t : page.items()) {
      member.accept(x, t);
    }
    x.close(element);
    page.finish(x);
    return x;
  }

  /** Closes a listing the way IAM does: IsTruncated, and Marker when there is more. */
  void finish(QueryXml x) {
    x.element("IsTruncated", Boolean.toString(nextMarker != null));
    x.optional("Marker", nextMarker);
  }
}
