package keywatch.trail.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import keywatch.trail.TrailConfig;
import keywatch.trail.delivery.DurableFiles;
import keywatch.trail.delivery.S3Layout;
import keywatch.trail.journal.SegmentFormat;
import keywatch.trail.record.CloudTrailJson;

/**
 * LookupEvents over a trail directory: the delivered log files plus the records still in the journal
 * (not yet in a log file), newest first, paged.
 *
 * <p>The next token names the last event returned (its time and eventID); the next page resumes
 * after it, so pages stay stable while new events arrive. Reading is offline and read-only: it
 * works while a server appends to the same directory.
 */
public final class EventLookup {
  private static final Comparator<Candidate> NEWEST_FIRST =
      Comparator.comparing(Candidate::time).reversed().thenComparing(Candidate::eventId);

  private final TrailConfig config;
  private final S3Layout layout;
  private final ObjectMapper mapper = CloudTrailJson.newMapper();

  public EventLookup(TrailConfig config) {
    this.config = config;
    this.layout = new S3Layout(config);
  }

  private record Candidate(Instant time, String eventId, JsonNode record) {}

  public LookupPage lookup(LookupQuery query) throws IOException {
    Candidate after = query.nextToken() == null ? null : decodeToken(query.nextToken());
    int size = query.pageSize();
    // Keep only the page plus one (to know whether there is a next page): a heap whose head is the
    // oldest kept candidate, so memory stays bounded however large the trail is.
    PriorityQueue<Candidate> kept = new PriorityQueue<>(size + 2, NEWEST_FIRST.reversed());
    Set<String> seen = new HashSet<>();
    forEachRecord(query.startTime(), record -> {
      String eventId = record.path("eventID").asText("");
      if (!eventId.isEmpty() && !seen.add(eventId)) {
        return; // a record both in a log file and in a not yet deleted journal segment
      }
      Instant time;
      try {
        time = CloudTrailJson.parseTime(record.path("eventTime").asText());
      } catch (RuntimeException e) {
        return;
      }
      Candidate c = new Candidate(time, eventId, record);
      if (matches(query, c) && (after == null || NEWEST_FIRST.compare(c, after) > 0)) {
        kept.add(c);
        if (kept.size() > size + 1) {
          kept.poll();
        }
      }
    });
    List<Candidate> matches = new ArrayList<>(kept);
    matches.sort(NEWEST_FIRST);
    List<ObjectNode> events = new ArrayList<>();
    for (int i = 0; i < Math.min(size, matches.size()); i++) {
      events.add(toEvent(matches.get(i)));
    }
    String next = matches.size() > size ? encodeToken(matches.get(size - 1)) : null;
    return new LookupPage(events, next);
  }

  private boolean matches(LookupQuery q, Candidate c) {
    JsonNode r = c.record();
    if (q.startTime() != null && c.time().isBefore(q.startTime())) return false;
    if (q.endTime() != null && c.time().isAfter(q.endTime())) return false;
    if (q.eventId() != null && !q.eventId().equals(c.eventId())) return false;
    if (q.eventName() != null && !q.eventName().equals(r.path("eventName").asText())) return false;
    if (q.eventSource() != null && !q.eventSource().equals(r.path("eventSource").asText())) return false;
    if (q.accessKeyId() != null && !q.accessKeyId().equals(r.path("userIdentity").path("accessKeyId").asText())) return false;
    if (q.username() != null && !q.username().equals(username(r))) return false;
    if (q.readOnly() != null && q.readOnly() != r.path("readOnly").asBoolean()) return false;
    if (q.resourceName() != null || q.resourceType() != null) {
      boolean any = false;
      for (JsonNode res : r.path("resources")) {
        String arn = res.path("ARN").asText();
        boolean nameOk = q.resourceName() == null || arn.equals(q.resourceName())
            || arn.endsWith("/" + q.resourceName()) || arn.endsWith(":" + q.resourceName());
        boolean typeOk = q.resourceType() == null || q.resourceType().equals(res.path("type").asText());
        any |= nameOk && typeOk;
      }
      if (!any) return false;
    }
    return true;
  }

  /** The user name LookupEvents shows: the IAM user, the role session, or "root". */
  static String username(JsonNode record) {
    JsonNode id = record.path("userIdentity");
    if (id.hasNonNull("userName")) {
      return id.get("userName").asText();
    }
    String type = id.path("type").asText();
    String arn = id.path("arn").asText("");
    if ("AssumedRole".equals(type) && arn.contains("/")) {
      return arn.substring(arn.lastIndexOf('/') + 1);
    }
    if ("Root".equals(type)) {
      return "root";
    }
    return null;
  }

  private ObjectNode toEvent(Candidate c) throws IOException {
    JsonNode r = c.record();
    ObjectNode e = mapper.createObjectNode();
    e.put("EventId", c.eventId());
    e.put("EventName", r.path("eventName").asText());
    e.put("ReadOnly", r.path("readOnly").asText());
    if (r.path("userIdentity").hasNonNull("accessKeyId")) {
      e.put("AccessKeyId", r.path("userIdentity").path("accessKeyId").asText());
    }
    e.put("EventTime", CloudTrailJson.isoSeconds(c.time()));
    e.put("EventSource", r.path("eventSource").asText());
    String user = username(r);
    if (user != null) {
      e.put("Username", user);
    }
    ArrayNode resources = e.putArray("Resources");
    for (JsonNode res : r.path("resources")) {
      resources.addObject().put("ResourceType", res.path("type").asText()).put("ResourceName", res.path("ARN").asText());
    }
    e.put("CloudTrailEvent", mapper.writeValueAsString(r));
    return e;
  }

  /**
   * Every record in the trail directory, log files first then the journal, duplicates kept: what a
   * crash test needs to check that each acknowledged request is there exactly once.
   */
  public List<JsonNode> records() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    forEachRecord(null, all::add);
    return all;
  }

  /** Streams every record, one file at a time, so lookup memory does not grow with the trail. */
  private void forEachRecord(Instant startTime, Consumer<JsonNode> records) throws IOException {
    Path logRoot = layout.file(layout.logPrefix());
    if (Files.isDirectory(logRoot)) {
      List<Path> files = new ArrayList<>();
      try (var walk = Files.walk(logRoot)) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
      for (Path file : files) {
        Instant delivered = layout.logFileTime(layout.keyOf(file));
        if (delivered == null) {
          continue;
        }
        // A file holds only events from before its delivery minute ended.
        if (startTime != null && delivered.plus(Duration.ofMinutes(1)).isBefore(startTime)) {
          continue;
        }
        try {
          JsonNode doc = mapper.readTree(DurableFiles.gunzip(Files.readAllBytes(file)));
          doc.path("Records").forEach(records);
        } catch (IOException e) {
          // an unreadable file is the validator's business; lookup shows what it can read
        }
      }
    }
    for (Path segment : SegmentFormat.listSegments(config.rootDirectory().resolve("journal"))) {
      try {
        SegmentFormat.scan(segment, entry -> {
          try {
            records.accept(mapper.readTree(entry.payload()));
          } catch (IOException e) {
            // skip a record that is not JSON
          }
        });
      } catch (java.nio.file.NoSuchFileException e) {
        // delivered and deleted while we listed
      }
    }
  }

  private static String encodeToken(Candidate c) {
    String raw = c.time().toEpochMilli() + "|" + c.eventId();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static Candidate decodeToken(String token) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      return new Candidate(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, bar))), raw.substring(bar + 1), null);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Invalid NextToken", e);
    }
  }
}
