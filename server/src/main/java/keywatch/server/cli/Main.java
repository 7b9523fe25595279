package keywatch.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code keywatch} command: one subcommand per job. */
@Command(
    name = "keywatch",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Self-hosted KMS on the AWS KMS wire protocol, with a CloudTrail-format trail and CloudWatch-compatible monitoring.",
    subcommands = {
      ServeCommand.class,
      TrailCommand.class,
      CommandLine.HelpCommand.class,
      TestFilterCommand.class,
      ReplayCommand.class,
      IamCommand.class,
      RespondCommand.class,
      NotifyCommand.class,
      UpCommand.class,
      DownCommand.class,
      LabCommand.class,
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
