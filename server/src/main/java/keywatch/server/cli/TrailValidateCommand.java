package keywatch.server.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import keywatch.trail.TrailConfig;
import keywatch.trail.TrailDirectory;
import keywatch.trail.digest.SigningKey;
import keywatch.trail.validate.TrailValidator;
import keywatch.trail.validate.ValidationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keywatch trail validate}: {@code aws cloudtrail validate-logs} for a trail directory. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate the trail's log files and digest chain, as 'aws cloudtrail validate-logs' does.",
      "Checks each digest's signature and link and each listed log file's SHA-256; beyond AWS,",
      "reports log files that no digest lists (inserted files) and the restarts the chain records.",
      "Exit status: 0 if everything is valid, 1 if anything is INVALID, missing or extra."
    })
public final class TrailValidateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--trail-dir", required = true, description = "The trail's root directory.")
  Path trailDir;

  @Option(names = "--start-time", converter = TrailCommand.TimeConverter.class,
      description = "Validate log files delivered on or after this UTC time, e.g. 2026-11-27T15:00:00Z (default: the beginning).")
  Instant startTime;

  @Option(names = "--end-time", converter = TrailCommand.TimeConverter.class,
      description = "Validate log files delivered on or before this UTC time (default: now).")
  Instant endTime;

  @Option(names = "--public-key",
      description = "PEM public key to verify with, e.g. one exported earlier and kept elsewhere (default: the trail directory's own, which proves nothing against someone who can rewrite the directory).")
  Path publicKeyFile;

  @Option(names = "--verbose", description = "Also list every valid file.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    TrailConfig config = TrailDirectory.readConfig(trailDir);
    PublicKey key = publicKeyFile != null
        ? SigningKey.fromPem(Files.readString(publicKeyFile))
        : TrailDirectory.readPublicKey(trailDir);
    Instant end = endTime != null ? endTime : Clock.systemUTC().instant();
    Instant start = startTime != null ? startTime : Instant.EPOCH;
    if (start.isAfter(end)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "Invalid time range specified: start-time must occur before end-time");
    }
    ValidationReport report = new TrailValidator(config, key).validate(start, end);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (ValidationReport.Line line : report.render(verbose)) {
      (line.error() ? err : out).println(line.text());
    }
    out.flush();
    err.flush();
    return report.allValid() ? 0 : 1;
  }
}
