package keywatch.server.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import keywatch.server.config.TrailSettings;
import keywatch.trail.TrailConfig;
import keywatch.trail.lookup.EventLookup;
import keywatch.watch.metric.Datapoint;
import keywatch.watch.metric.MetricId;

/**
 * LAB.md section 5 against the lab's app, measured: the lab's requests, the trail records of the
 * calls, the metric, the alarm's transitions and the notification, and the detection latency from
 * the second failing decrypt's response to ALARM and to the notification's delivery in the outbox.
 *
 * <p>Two targets: a running {@code keywatch up} (read through its files: up.json,
 * alarm-history.jsonl, the outbox, the trail's log files), or a {@link LabStack} in this process
 * (the trail's live subscription, the metric store, and a monitor reset between benchmark runs).
 */
public final class LabRunner {
  public static final String NAME = "Andy Jassy";
  public static final String TEXT = "Welcome to ReInvent 2020!";
  public static final String FALSE_KEY = "some-random-false-key";
  public static final int BURST = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One run's measurement (milliseconds). */
  public record Run(long secondFailureResponseMillis, long alarmMillis, long notificationMillis) {
    public long toAlarm() {
      return alarmMillis - secondFailureResponseMillis;
    }

    public long toNotification() {
      return notificationMillis - secondFailureResponseMillis;
    }
  }

  private final String appUrl;
  private final String keyId;
  private final Path history;
  private final Path outbox;
  private final Path trailDir;
  private final String account;
  private final String region;
  private final boolean earlyDecision;
  private final LabStack stack; // null: a separate keywatch up
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<JsonNode> liveRecords = new CopyOnWriteArrayList<>();
  private final Tail historyTail;
  private final Tail outboxTail;

  private LabRunner(String appUrl, String keyId, Path history, Path outbox, Path trailDir, String account, String region,
      boolean earlyDecision, LabStack stack, PrintStream out) throws IOException {
    this.appUrl = appUrl;
    this.keyId = keyId;
    this.history = history;
    this.outbox = outbox;
    this.trailDir = trailDir;
    this.account = account;
    this.region = region;
    this.earlyDecision = earlyDecision;
    this.stack = stack;
    this.out = out;
    this.historyTail = new Tail(history);
    this.outboxTail = new Tail(outbox);
    if (stack != null) {
      stack.onTrailRecord(liveRecords::add);
    }
  }

  /** Against a running keywatch up, from its up.json. */
  public static LabRunner remote(JsonNode state, PrintStream out) throws IOException {
    return new LabRunner(state.path("appUrl").asText(), state.path("keyId").asText(),
        Path.of(state.path("alarmHistory").asText()), Path.of(state.path("outbox").asText()),
        Path.of(state.path("trailDir").asText()), state.path("account").asText(), state.path("region").asText(),
        state.path("earlyDecision").asBoolean(true), null, out);
  }

  /** Against a stack in this process. */
  public static LabRunner inProcess(LabStack s, PrintStream out) throws IOException {
    return new LabRunner(s.app().url(), s.lab().keyId(), s.historyFile(), s.server().actions().outbox().file(),
        s.options().server().effectiveTrailDir(), s.options().server().accountRegion().accountId(),
        s.options().server().accountRegion().region(), s.options().earlyDecision(), s, out);
  }

  /** The lab's section 5 once, reported in full. */
  public Run runReport() throws Exception {
    out.println("keywatch lab: LAB.md section 5 against " + appUrl + " (alarm evaluation: "
        + (earlyDecision ? "early decision" : "AWS-exact") + ")");
    if (stack == null) {
      JsonNode last = lastHistory();
      if (last != null && last.path("newState").asText().equals("ALARM")) {
        throw new IllegalStateException("the alarm is already in ALARM (since " + last.path("stateChangeTime").asText()
            + "); the lab measures a transition: restart with 'keywatch down' and 'keywatch up', or run 'keywatch lab' with "
            + "another --data-dir (it then starts its own keywatch)");
      }
    } else {
      stack.resetMonitor();
    }
    long start = System.currentTimeMillis();
    out.println();
    out.println("1. Encrypt and decrypt with the right key");
    show("POST", "/encrypt", "{\"Name\":\"" + NAME + "\",\"Text\":\"" + TEXT + "\"}");
    show("GET", "/decrypt", "{\"Name\":\"" + NAME + "\",\"Key\":\"" + keyId + "\"}");
    out.println();
    out.println("2. Decrypt with \"Key\":\"" + FALSE_KEY + "\", " + BURST + " times in a row");
    Run run = burst(true);
    out.println();
    out.println("3. The alarm's state changes (" + history + ")");
    for (JsonNode h : historySince(start - 1000)) {
      out.println("  " + h.path("stateChangeTime").asText() + "  " + h.path("alarmName").asText() + "  "
          + h.path("oldState").asText() + " -> " + h.path("newState").asText() + "\n      " + h.path("reason").asText());
    }
    out.println();
    out.println("4. The notification (" + outbox + ")");
    JsonNode note = lastOutbox();
    if (note != null) {
      out.println("  " + note.path("timestamp").asText() + "  " + note.path("subject").asText() + "  -> " + note.path("subscriptionArn").asText());
    }
    out.println("  (and by email when KEYWATCH_SMTP_* and KEYWATCH_LAB_EMAIL are set and the subscription is confirmed)");
    out.println();
    out.println("5. The trail records of the calls (userIdentity.sessionContext.sessionIssuer.arn)");
    for (JsonNode r : trailRecordsSince(start)) {
      out.println("  " + r.path("eventTime").asText() + "  " + r.path("eventSource").asText() + " " + r.path("eventName").asText()
          + (r.has("errorCode") ? "  " + r.path("errorCode").asText() : "  OK") + "  by "
          + r.path("userIdentity").path("sessionContext").path("sessionIssuer").path("arn").asText(
              r.path("userIdentity").path("arn").asText()));
    }
    out.println();
    out.println("6. The metric Pattern1Application/KMSSecurity KMSSecurityError (Sum per 10 s)");
    metricValues(start, trailRecordsSince(start));
    out.println();
    out.printf(Locale.ROOT, "Detection latency, from the second failing decrypt's response:%n  to ALARM:        %d ms%n"
        + "  to notification: %d ms (in the outbox)%n", run.toAlarm(), run.toNotification());
    out.println("  (On AWS: \"CloudTrail can typically take up to 15 mins to pick up the API event and trigger your alarm\".)");
    return run;
  }

  /** Benchmark: {@code runs} failing bursts, the monitor reset between them; in-process only. */
  public List<Run> benchmark(int runs) throws Exception {
    if (stack == null) {
      throw new IllegalStateException("benchmark mode resets the alarm between runs and needs its own keywatch: "
          + "stop 'keywatch up' (keywatch down) or give 'keywatch lab' another --data-dir");
    }
    // The secret to decrypt must exist.
    request("POST", "/encrypt", "{\"Name\":\"" + NAME + "\",\"Text\":\"" + TEXT + "\"}");
    List<Run> done = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      stack.resetMonitor();
      long inPeriod = Math.floorMod(System.currentTimeMillis(), 10_000L);
      if (inPeriod > 9_500) { // keep the burst inside one period: its two failures are what Sum > 1 needs
        LockSupport.parkNanos((10_050 - inPeriod) * 1_000_000L);
      }
      Run r = burst(false);
      done.add(r);
      out.printf(Locale.ROOT, "run %3d/%d: to ALARM %5d ms, to notification %5d ms%n", i + 1, runs, r.toAlarm(), r.toNotification());
    }
    summary(done);
    return done;
  }

  public void summary(List<Run> runs) {
    List<Long> a = new ArrayList<>();
    List<Long> n = new ArrayList<>();
    for (Run r : runs) {
      a.add(r.toAlarm());
      n.add(r.toNotification());
    }
    out.printf(Locale.ROOT, "%d runs (%s): to ALARM p50 %d ms, p99 %d ms, max %d ms; to notification p50 %d ms, p99 %d ms, max %d ms%n",
        runs.size(), earlyDecision ? "early decision" : "AWS-exact", pct(a, 50), pct(a, 99), Collections.max(a),
        pct(n, 50), pct(n, 99), Collections.max(n));
  }

  /** Nearest-rank percentile. */
  public static long pct(List<Long> values, int p) {
    List<Long> s = new ArrayList<>(values);
    Collections.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.size());
    return s.get(Math.max(0, rank - 1));
  }

  private Run burst(boolean print) throws Exception {
    historyTail.skipToEnd();
    outboxTail.skipToEnd();
    // The outbox is watched while the burst runs: its delivery time is when the line appears.
    java.util.concurrent.CompletableFuture<Long> delivered = new java.util.concurrent.CompletableFuture<>();
    Thread watcher = new Thread(() -> {
      try {
        awaitLine(outboxTail, Duration.ofSeconds(earlyDecision ? 20 : 40), "the ALARM notification in " + outbox,
            l -> l.path("subject").asText().startsWith("ALARM"));
        delivered.complete(System.currentTimeMillis());
      } catch (Throwable t) {
        delivered.completeExceptionally(t);
      }
    }, "keywatch-lab-outbox-watch");
    watcher.setDaemon(true);
    watcher.start();
    long second = 0;
    String body = "{\"Name\":\"" + NAME + "\",\"Key\":\"" + FALSE_KEY + "\"}";
    for (int i = 1; i <= BURST; i++) {
      HttpResponse<String> r = print ? show("GET", "/decrypt", body) : request("GET", "/decrypt", body);
      long at = System.currentTimeMillis();
      if (r.statusCode() != 400) {
        throw new IllegalStateException("a decrypt with a false key answered " + r.statusCode() + " " + r.body());
      }
      if (i == 2) {
        second = at;
      }
    }
    Duration wait = earlyDecision ? Duration.ofSeconds(10) : Duration.ofSeconds(30);
    JsonNode alarm = awaitLine(historyTail, wait, "the ALARM transition in " + history,
        l -> l.path("newState").asText().equals("ALARM"));
    long alarmAt = Instant.parse(alarm.path("stateChangeTime").asText()).toEpochMilli();
    long noteAt;
    try {
      noteAt = delivered.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
    return new Run(second, alarmAt, noteAt);
  }

  private HttpResponse<String> show(String method, String path, String body) throws Exception {
    out.println("  curl --header \"Content-Type: application/json\" --request " + method + " --data '" + body + "' " + appUrl + path);
    HttpResponse<String> r = request(method, path, body);
    out.println("    -> " + r.statusCode() + " " + r.body() + "   (" + Instant.now() + ")");
    return r;
  }

  private HttpResponse<String> request(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(appUrl + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitLine(Tail tail, Duration timeout, String what, java.util.function.Predicate<JsonNode> match)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode l : tail.newLines()) {
        if (match.test(l)) {
          return l;
        }
      }
      LockSupport.parkNanos(200_000);
    }
    throw new IllegalStateException("no " + what + " within " + timeout);
  }

  private List<JsonNode> historySince(long millis) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode l : readLines(history)) {
      if (Instant.parse(l.path("stateChangeTime").asText()).toEpochMilli() >= millis) {
        out.add(l);
      }
    }
    return out;
  }

  private JsonNode lastHistory() throws IOException {
    List<JsonNode> all = readLines(history);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  private JsonNode lastOutbox() throws IOException {
    List<JsonNode> all = readLines(outbox);
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).path("subject").asText().startsWith("ALARM")) {
        return all.get(i);
      }
    }
    return null;
  }

  /** KMS records since {@code millis}: live in-process; from the delivered log files otherwise (waiting for them). */
  private List<JsonNode> trailRecordsSince(long millis) throws IOException {
    long fromSecond = millis / 1000 * 1000;
    if (stack != null) {
      return filterKms(liveRecords, fromSecond);
    }
    EventLookup lookup = new EventLookup(TrailConfig.of(trailDir, account, region, TrailSettings.TRAIL_NAME));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<JsonNode> found = List.of();
    while (System.nanoTime() < deadline) {
      found = filterKms(lookup.records(), fromSecond);
      if (found.stream().filter(r -> r.has("errorCode")).count() >= BURST) {
        break;
      }
      LockSupport.parkNanos(100_000_000L); // the trail delivers a log file every few seconds
    }
    return found;
  }

  private static List<JsonNode> filterKms(List<JsonNode> records, long fromMillis) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : records) {
      if (r.path("eventSource").asText().equals("kms.amazonaws.com")
          && Instant.parse(r.path("eventTime").asText()).toEpochMilli() >= fromMillis) {
        out.add(r);
      }
    }
    out.sort(java.util.Comparator.comparing(r -> r.path("eventTime").asText()));
    return out;
  }

  /**
   * In process: the live metric store's datapoints. Against a running up: the same values computed
   * by applying the lab's metric filter (the watch engine, in memory) to the records read from the
   * trail, since the other process's metric store is not readable from here.
   */
  private void metricValues(long start, List<JsonNode> records) throws IOException {
    MetricId id = MetricId.of("Pattern1Application/KMSSecurity", "KMSSecurityError");
    long from = start / 10_000 * 10_000;
    long to = System.currentTimeMillis() + 10_000;
    List<Datapoint> points;
    if (stack != null) {
      points = stack.monitor().read(a -> stack.monitor().metrics().datapoints(id, 10, from, to));
    } else {
      keywatch.watch.metric.MetricStore store = new keywatch.watch.metric.MetricStore();
      keywatch.watch.metric.MetricFilters filters = new keywatch.watch.metric.MetricFilters(store);
      for (keywatch.watch.rules.MetricFilterSpec f : LabStack.labRules(account, region).metricFilters()) {
        filters.put(LabStack.LOG_GROUP, f.filterName(), f.filterPattern(), f.metricTransformations(), from);
      }
      for (JsonNode r : records) {
        filters.apply(LabStack.LOG_GROUP, new keywatch.watch.event.LogEvent(
            Instant.parse(r.path("eventTime").asText()).toEpochMilli(), r.toString()));
      }
      out.println("  (the lab's filter applied to the trail records above)");
      points = store.datapoints(id, 10, from, to);
    }
    for (Datapoint p : points) {
      out.printf(Locale.ROOT, "  %s  Sum %.1f (%d samples)%n", Instant.ofEpochMilli(p.timestampMillis()),
          p.aggregate().sum(), p.aggregate().sampleCount());
    }
  }

  private static List<JsonNode> readLines(Path f) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(f)) {
      return out;
    }
    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        try {
          out.add(JSON.readTree(line));
        } catch (IOException partial) {
          // a line being written
        }
      }
    }
    return out;
  }

  /** Reads the complete lines appended to a file since the last look. */
  static final class Tail {
    private final Path file;
    private long position;
    private final StringBuilder partial = new StringBuilder();

    Tail(Path file) {
      this.file = file;
    }

    void skipToEnd() throws IOException {
      position = Files.exists(file) ? Files.size(file) : 0;
      partial.setLength(0);
    }

    List<JsonNode> newLines() throws IOException {
      List<JsonNode> out = new ArrayList<>();
      if (!Files.exists(file)) {
        return out;
      }
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
        long len = f.length();
        if (len <= position) {
          return out;
        }
        byte[] buf = new byte[(int) (len - position)];
        f.seek(position);
        f.readFully(buf);
        position = len;
        partial.append(new String(buf, StandardCharsets.UTF_8));
      }
      int nl;
      while ((nl = partial.indexOf("\n")) >= 0) {
        String line = partial.substring(0, nl);
        partial.delete(0, nl + 1);
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
      return out;
    }
  }
}
