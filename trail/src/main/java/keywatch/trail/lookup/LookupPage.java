package keywatch.trail.lookup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One page of results. Each event has LookupEvents' shape: {@code EventId, EventName, ReadOnly,
 * AccessKeyId, EventTime, EventSource, Username, Resources[{ResourceType, ResourceName}],
 * CloudTrailEvent} (the record as a JSON string). {@code nextToken} is null on the last page.
 */
public record LookupPage(List<ObjectNode> events, String nextToken) {}
