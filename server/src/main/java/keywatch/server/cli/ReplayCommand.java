package keywatch.server.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import keywatch.server.corpus.CloudTrailCorpus;
import keywatch.watch.alarm.AlarmStateChange;
import keywatch.watch.alarm.Alarms;
import keywatch.watch.input.InputFormat;
import keywatch.watch.input.Inputs;
import keywatch.watch.input.LogEventSource;
import keywatch.watch.metric.Aggregate;
import keywatch.watch.metric.Datapoint;
import keywatch.watch.metric.MetricId;
import keywatch.watch.replay.Replay;
import keywatch.watch.rules.RuleFiles;
import keywatch.watch.rules.RulePack;
import keywatch.watch.rules.RuleSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keywatch replay}: metric filters and alarms over historical logs, in event time. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Runs CloudWatch metric filters and alarms over historical logs in event time, which CloudWatch itself cannot do"
          + " (its metric filters never apply to past data). The clock follows the events; every alarm is evaluated at"
          + " each of its period boundaries the events cross. Prints every alarm state change with its event time, the"
          + " metric series, and a throughput summary.",
      "",
      "Inputs: CloudTrail log files (.json or .json.gz with {\"Records\":[...]}), S3-layout directory trees of them"
          + " (AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/..., digest files skipped), one JSON event per line"
          + " (time from eventTime or timestamp), or plain text lines (time from a leading ISO-8601 instant); '-' or no"
          + " input reads standard input, which may hold several CloudTrail files one after another (zcat).",
      "",
      "Rules: files in AWS's own format, the output of 'aws logs describe-metric-filters' and/or 'aws cloudwatch"
          + " describe-alarms' (JSON or YAML); without --rules the shipped rule pack is used.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  keywatch replay AWSLogs/                           # the rule pack over a CloudTrail tree",
      "  keywatch replay -r filters.json -r alarms.json trail.json.gz --output-csv out.csv",
      "  zcat *.json.gz | keywatch replay --account 444455556666 -",
      "  keywatch replay --generate-corpus 1000000 --out /tmp/corpus && keywatch replay /tmp/corpus",
      "",
      "Exit status: 0 on success, 1 on bad rules or unreadable input, 2 on usage errors."
    })
public final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "INPUT", arity = "0..*", description = "Log files or directories; '-' for standard input (the default).")
  List<String> inputs = new ArrayList<>();

  @Option(names = {"-r", "--rules"}, paramLabel = "FILE", description = "A rule file (describe-metric-filters / describe-alarms JSON or YAML). Repeatable.")
  List<Path> ruleFiles = new ArrayList<>();

  @Option(names = "--rule-pack", description = "Also use the shipped rule pack (the default when no --rules is given).")
  boolean rulePack;

  @Option(names = "--account", paramLabel = "ID", defaultValue = "111122223333",
      description = "Account the rule pack's ARNs and the alarm ARNs use (default: ${DEFAULT-VALUE}).")
  String account;

  @Option(names = "--region", paramLabel = "REGION", defaultValue = "us-east-1", description = "Region for alarm ARNs (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--log-group", paramLabel = "NAME", description = "Only the metric filters of this log group (default: every filter).")
  String logGroup;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "AUTO",
      description = "Input format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, from the first bytes).")
  InputFormat format;

  @Option(names = "--early-decision", description = "keywatch's improvement: alarms on Sum, SampleCount or Maximum with a greater-than comparison go to ALARM as soon as the breaching event arrives (default: off, AWS-exact).")
  boolean earlyDecision;

  @Option(names = "--reorder-window", paramLabel = "SECONDS", defaultValue = "5",
      description = "Put records up to this many seconds of event time out of order back in order before replaying them (default: ${DEFAULT-VALUE}; 0: as read).")
  double reorderWindowSeconds;

  @Option(names = "--output-json", paramLabel = "FILE", description = "Write state changes, metric series and summary as JSON.")
  Path outputJson;

  @Option(names = "--output-csv", paramLabel = "FILE", description = "Write state changes and metric series as CSV.")
  Path outputCsv;

  @Option(names = "--no-series", description = "Do not print the metric series (they still go to --output-json/--output-csv).")
  boolean noSeries;

  @Option(names = "--progress", negatable = true, description = "Progress bar on standard error (default: when it is a terminal).")
  Boolean progress;

  @Option(names = "--generate-corpus", paramLabel = "N",
      description = "Instead of replaying, write a synthetic CloudTrail corpus of N KMS records (~1.5 KB each) in S3 layout to --out.")
  Long generateCorpus;

  @Option(names = "--out", paramLabel = "DIR", description = "Directory for --generate-corpus.")
  Path out;

  @Option(names = "--corpus-start", paramLabel = "INSTANT", defaultValue = "2026-11-01T00:00:00Z",
      description = "Event time of the corpus' first record (default: ${DEFAULT-VALUE}).")
  Instant corpusStart;

  @Option(names = "--corpus-rate", paramLabel = "PER_SECOND", defaultValue = "200",
      description = "Corpus records per second of event time (default: ${DEFAULT-VALUE}).")
  int corpusRate;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Corpus random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter outw = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (generateCorpus != null) {
      if (out == null) {
        err.println("--generate-corpus needs --out DIR");
        return 2;
      }
      var s = new CloudTrailCorpus(account, "ap-southeast-2", seed).write(out, generateCorpus, corpusStart, corpusRate);
      outw.printf("Wrote %,d records in %d files (%,d bytes gzip) under %s; event time %s to %s; %,d failures, %,d bursts of failed decrypts%n",
          s.records(), s.files(), s.bytes(), out, s.first(), s.last(), s.failures(), s.bursts());
      outw.flush();
      return 0;
    }
    RuleSet rules;
    try {
      rules = RuleFiles.load(ruleFiles);
      if (ruleFiles.isEmpty() || rulePack) {
        rules = rules.plus(RulePack.load(account));
      }
    } catch (IOException | IllegalArgumentException e) {
      err.println("keywatch replay: bad rules: " + e.getMessage());
      return 1;
    }
    outw.printf("Rules: %d metric filters, %d alarms%s%n", rules.metricFilters().size(), rules.alarms().size(),
        ruleFiles.isEmpty() || rulePack ? " (rule pack for account " + account + ")" : "");
    outw.println("State changes (event time):");
    outw.flush();
    boolean showProgress = progress != null ? progress : System.console() != null;
    ProgressBar bar = new ProgressBar(err, showProgress);
    Replay.Listener listener =
        new Replay.Listener() {
          @Override
          public void stateChanged(AlarmStateChange c) {
            bar.clear();
            outw.printf("  %s  %s  %s -> %s  %s%n", c.stateChangeTime(), c.alarmName(), c.oldState(), c.newState(), c.newStateReason());
            outw.flush();
          }

          @Override
          public void progress(long records, long bytesRead, long totalBytes) {
            bar.update(records, bytesRead, totalBytes);
          }
        };
    Replay.Result r;
    try (LogEventSource source = open()) {
      r = new Replay(rules, new Replay.Options(new Alarms.Account(account, region), logGroup, earlyDecision, Math.round(reorderWindowSeconds * 1000)), listener).run(source);
    } catch (IOException e) {
      bar.clear();
      err.println("keywatch replay: cannot read input: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      bar.clear();
      err.println("keywatch replay: bad rules: " + e.getMessage());
      return 1;
    }
    bar.clear();
    if (r.stateChanges().isEmpty()) {
      outw.println("  (none)");
    }
    if (!noSeries) {
      outw.println("Metric series:");
      for (Map.Entry<MetricId, List<Datapoint>> e : r.series().entrySet()) {
        outw.printf("  %s (period %d s, %d datapoints)%n", e.getKey(), r.seriesPeriodSeconds().get(e.getKey()), e.getValue().size());
        for (Datapoint d : e.getValue()) {
          Aggregate a = d.aggregate();
          outw.printf("    %s  SampleCount=%d Sum=%s Minimum=%s Maximum=%s Average=%s%n", Instant.ofEpochMilli(d.timestampMillis()),
              a.sampleCount(), a.sum(), a.minimum(), a.maximum(), a.average());
        }
      }
    }
    double secs = r.elapsedNanos() / 1e9;
    outw.printf("Summary: %,d records, %,d filter matches, %d state changes; event time %s to %s; %.2f s, %,.0f records/s"
            + " (CPU %.2f s, %,.0f records per CPU second)%n",
        r.records(), r.matches(), r.stateChanges().size(),
        r.records() == 0 ? "-" : Instant.ofEpochMilli(r.firstEventMillis()), r.records() == 0 ? "-" : Instant.ofEpochMilli(r.lastEventMillis()),
        secs, r.recordsPerSecond(), r.cpuNanos() / 1e9, r.recordsPerCpuSecond());
    outw.flush();
    if (outputJson != null) {
      writeJson(r, outputJson);
    }
    if (outputCsv != null) {
      writeCsv(r, outputCsv);
    }
    return 0;
  }

  private LogEventSource open() throws IOException {
    if (inputs.isEmpty() || inputs.equals(List.of("-"))) {
      return Inputs.stream(System.in, -1, format, 0);
    }
    if (inputs.contains("-")) {
      throw new IOException("'-' (standard input) cannot be mixed with files");
    }
    List<Path> paths = inputs.stream().map(Path::of).toList();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new IOException("no such file or directory: " + p);
      }
    }
    return Inputs.open(paths, format, 0);
  }

  private static void writeJson(Replay.Result r, Path file) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("records", r.records());
      g.writeNumberField("matches", r.matches());
      g.writeNumberField("elapsedSeconds", r.elapsedNanos() / 1e9);
      g.writeNumberField("recordsPerSecond", r.recordsPerSecond());
      g.writeNumberField("cpuSeconds", r.cpuNanos() / 1e9);
      g.writeNumberField("recordsPerCpuSecond", r.recordsPerCpuSecond());
      g.writeArrayFieldStart("stateChanges");
      for (AlarmStateChange c : r.stateChanges()) {
        g.writeStartObject();
        g.writeStringField("time", c.stateChangeTime().toString());
        g.writeStringField("alarmName", c.alarmName());
        g.writeStringField("oldState", c.oldState().name());
        g.writeStringField("newState", c.newState().name());
        g.writeStringField("reason", c.newStateReason());
        if (c.newStateReasonData() != null) {
          g.writeFieldName("reasonData");
          g.writeRawValue(c.newStateReasonData());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("series");
      for (Map.Entry<MetricId, List<Datapoint>> e : r.series().entrySet()) {
        g.writeStartObject();
        g.writeStringField("namespace", e.getKey().namespace());
        g.writeStringField("metricName", e.getKey().metricName());
        g.writeObjectFieldStart("dimensions");
        for (Map.Entry<String, String> d : e.getKey().dimensions().entrySet()) {
          g.writeStringField(d.getKey(), d.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("periodSeconds", r.seriesPeriodSeconds().get(e.getKey()));
        g.writeArrayFieldStart("datapoints");
        for (Datapoint d : e.getValue()) {
          Aggregate a = d.aggregate();
          g.writeStartObject();
          g.writeStringField("timestamp", Instant.ofEpochMilli(d.timestampMillis()).toString());
          g.writeNumberField("sampleCount", a.sampleCount());
          g.writeNumberField("sum", a.sum());
          g.writeNumberField("minimum", a.minimum());
          g.writeNumberField("maximum", a.maximum());
          g.writeNumberField("average", a.average());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void writeCsv(Replay.Result r, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("type,time,alarm_or_namespace,metric_name,dimensions,period_seconds,sample_count,sum,minimum,maximum,average,old_state,new_state,reason\n");
      for (AlarmStateChange c : r.stateChanges()) {
        w.write(String.join(",", "state_change", c.stateChangeTime().toString(), csv(c.alarmName()), csv(c.trigger().metricName()),
            csv(c.trigger().dimensions().toString()), Integer.toString(c.trigger().periodSeconds()), "", "", "", "", "",
            c.oldState().name(), c.newState().name(), csv(c.newStateReason())));
        w.write('\n');
      }
      for (Map.Entry<MetricId, List<Datapoint>> e : r.series().entrySet()) {
        for (Datapoint d : e.getValue()) {
          Aggregate a = d.aggregate();
          w.write(String.join(",", "datapoint", Instant.ofEpochMilli(d.timestampMillis()).toString(), csv(e.getKey().namespace()),
              csv(e.getKey().metricName()), csv(e.getKey().dimensions().toString()), r.seriesPeriodSeconds().get(e.getKey()).toString(),
              Long.toString(a.sampleCount()), Double.toString(a.sum()), Double.toString(a.minimum()), Double.toString(a.maximum()),
              Double.toString(a.average()), "", "", ""));
          w.write('\n');
        }
      }
    }
  }

  private static String csv(String s) {
    if (s == null) {
      return "";
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  /** A one-line progress bar on standard error, redrawn at most ten times a second. */
  static final class ProgressBar {
    private final PrintWriter err;
    private final boolean enabled;
    private final long startNanos = System.nanoTime();
    private long lastDraw = startNanos - 100_000_000L; // the first update draws (nanoTime may be any value)
    private boolean drawn;

    ProgressBar(PrintWriter err, boolean enabled) {
      this.err = err;
      this.enabled = enabled;
    }

    void update(long records, long bytesRead, long totalBytes) {
      if (!enabled) {
        return;
      }
      long now = System.nanoTime();
      if (now - lastDraw < 100_000_000L) {
        return;
      }
      lastDraw = now;
      double secs = (now - startNanos) / 1e9;
      String rate = String.format("%,d records, %,.0f records/s", records, secs > 0 ? records / secs : 0.0);
      if (totalBytes > 0) {
        double f = Math.min(1.0, (double) bytesRead / totalBytes);
        int width = 30;
        int fill = (int) (f * width);
        err.printf("\r[%s%s] %3.0f%% %s ", "#".repeat(fill), " ".repeat(width - fill), f * 100, rate);
      } else {
        err.printf("\r%s ", rate);
      }
      err.flush();
      drawn = true;
    }

    void clear() {
      if (drawn) {
        err.print("\r\033[K");
        err.flush();
        drawn = false;
      }
    }
  }
}
