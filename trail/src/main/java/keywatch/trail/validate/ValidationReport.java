package keywatch.trail.validate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import keywatch.trail.record.CloudTrailJson;

/**
 * The outcome of {@link TrailValidator#validate}: one result per digest and per log file, notes on
 * gaps and restarts, and the text {@code aws cloudtrail validate-logs} would print.
 */
public final class ValidationReport {
  /** One file's result; {@code message} is the validator's line for it. */
  public record FileResult(String kind, String s3Uri, FileStatus status, String message) {}

  /** A line of output; error lines go to standard error, as the AWS CLI does. */
  public record Line(String text, boolean error) {}

  private final String trailArn;
  private final Instant requestedStart;
  private final Instant requestedEnd;
  final List<FileResult> digests = new ArrayList<>();
  final List<FileResult> logFiles = new ArrayList<>();
  final List<Line> lines = new ArrayList<>();
  final List<String> restarts = new ArrayList<>();
  Instant foundStart;
  Instant foundEnd;

  ValidationReport(String trailArn, Instant requestedStart, Instant requestedEnd) {
    this.trailArn = trailArn;
    this.requestedStart = requestedStart;
    this.requestedEnd = requestedEnd;
  }

  public List<FileResult> digests() {
    return Collections.unmodifiableList(digests);
  }

  public List<FileResult> logFiles() {
    return Collections.unmodifiableList(logFiles);
  }

  /** Restarts recorded in the chain ({@code trailRestarts}), as printed. */
  public List<String> restarts() {
    return Collections.unmodifiableList(restarts);
  }

  public long count(List<FileResult> results, FileStatus status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  public boolean allValid() {
    return digests.stream().allMatch(r -> r.status() == FileStatus.VALID)
        && logFiles.stream().allMatch(r -> r.status() == FileStatus.VALID);
  }

  /** The status of the file at {@code s3Uri}, or null if the report does not mention it. */
  public FileStatus statusOf(String s3Uri) {
    for (List<FileResult> list : List.of(digests, logFiles)) {
      for (FileResult r : list) {
        if (r.s3Uri().equals(s3Uri)) {
          return r.status();
        }
      }
    }
    return null;
  }

  /**
   * The output lines in order: the header, per-file lines (valid ones only when {@code verbose},
   * problems always), then the summary, worded as {@code aws cloudtrail validate-logs} words them.
   */
  public List<Line> render(boolean verbose) {
    List<Line> out = new ArrayList<>();
    out.add(new Line("Validating log files for trail " + trailArn + " between " + t(requestedStart) + " and "
        + t(requestedEnd), false));
    out.add(new Line("", false));
    for (Line l : lines) {
      if (l.error() || verbose) {
        out.add(l);
      }
    }
    for (String r : restarts) {
      out.add(new Line(r, false));
    }
    out.add(new Line("", false));
    out.add(new Line("Results requested for " + t(requestedStart) + " to " + t(requestedEnd), false));
    if (digests.isEmpty()) {
      out.add(new Line("No digests found", false));
      return out;
    }
    if (foundStart == null || foundEnd == null) {
      out.add(new Line("No valid digests found in range", false));
    } else {
      out.add(new Line("Results found for " + t(foundStart) + " to " + t(foundEnd) + ":", false));
    }
    out.add(new Line("", false));
    ratio(out, digests, "digest");
    ratio(out, logFiles, "log");
    return out;
  }

  /** The whole output as one text (errors included in place). */
  public String renderText(boolean verbose) {
    StringBuilder sb = new StringBuilder();
    for (Line l : render(verbose)) {
      sb.append(l.text()).append('\n');
    }
    return sb.toString();
  }

  private void ratio(List<Line> out, List<FileResult> results, String name) {
    int total = results.size();
    if (total == 0) {
      return;
    }
    long valid = count(results, FileStatus.VALID);
    long invalid = total - valid;
    String text = valid + "/" + total + " " + name + " files valid";
    if (invalid > 0) {
      text += ", " + invalid + "/" + total + " " + name + " files INVALID";
    }
    out.add(new Line(text, false));
  }

  private static String t(Instant i) {
    return CloudTrailJson.isoSeconds(i);
  }
}
