package keywatch.trail.lookup;

import java.time.Instant;

/**
 * CloudTrail LookupEvents' parameters. Each lookup attribute that is set must match (AWS allows only
 * one attribute per call; keywatch combines them with AND). {@code maxResults} is 1–50 (default 50).
 */
public record LookupQuery(
    String eventId,
    String eventName,
    String eventSource,
    String resourceName,
    String resourceType,
    String username,
    String accessKeyId,
    Boolean readOnly,
    Instant startTime,
    Instant endTime,
    Integer maxResults,
    String nextToken) {

  public static final int MAX_RESULTS_LIMIT = 50;

  public LookupQuery {
    if (maxResults != null && (maxResults < 1 || maxResults > MAX_RESULTS_LIMIT)) {
      throw new IllegalArgumentException("MaxResults must be between 1 and " + MAX_RESULTS_LIMIT + ": " + maxResults);
    }
    if (startTime != null && endTime != null && startTime.isAfter(endTime)) {
      throw new IllegalArgumentException("StartTime must be before EndTime");
    }
  }

  public static LookupQuery all() {
    return new LookupQuery(null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public int pageSize() {
    return maxResults == null ? MAX_RESULTS_LIMIT : maxResults;
  }

  public LookupQuery withNextToken(String token) {
    return new LookupQuery(eventId, eventName, eventSource, resourceName, resourceType, username, accessKeyId, readOnly,
        startTime, endTime, maxResults, token);
  }
}
