package keywatch.server.cli;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import keywatch.trail.TrailDirectory;
import keywatch.trail.digest.SigningKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keywatch trail export-public-key}: the digest verification key, as PEM. */
@Command(
    name = "export-public-key",
    mixinStandardHelpOptions = true,
    description = {
      "Print the public key that verifies the trail's digest signatures, as PEM.",
      "The key is X.509 SubjectPublicKeyInfo; its fingerprint goes to standard error.",
      "Keep a copy away from the trail and pass it to 'trail validate --public-key'."
    })
public final class TrailExportPublicKeyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--trail-dir", required = true, description = "The trail's root directory.")
  Path trailDir;

  @Override
  public Integer call() throws Exception {
    PublicKey key = TrailDirectory.readPublicKey(trailDir);
    spec.commandLine().getOut().print(SigningKey.toPem(key));
    spec.commandLine().getErr().println("fingerprint " + SigningKey.fingerprint(key));
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().flush();
    return 0;
  }
}
