package keywatch.server.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code keywatch trail}: offline tools over a trail directory. */
@Command(
    name = "trail",
    mixinStandardHelpOptions = true,
    description = "Validate, search and verify a keywatch trail directory (CloudTrail files in S3 layout with signed digests).",
    subcommands = {
      TrailValidateCommand.class,
      TrailLookupCommand.class,
      TrailExportPublicKeyCommand.class,
    })
public final class TrailCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Times as CloudTrail's tools accept them: {@code 2026-11-27T15:00:00Z}, or a date for its midnight UTC. */
  static final class TimeConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        if (value.length() == 10) {
          return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return java.time.OffsetDateTime.parse(value).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "not a UTC time like 2026-11-27T15:00:00Z or a date like 2026-11-27: " + value);
      }
    }
  }
}
