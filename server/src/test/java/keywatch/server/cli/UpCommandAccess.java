package keywatch.server.cli;

import java.nio.file.Path;
import keywatch.server.lab.LabStack;

/** Tests build up's options as the command does. */
public final class UpCommandAccess {
  private UpCommandAccess() {}

  public static LabStack.Options options(Path dataDir, String appDbUrl, String appDbUser, String appDbPassword,
      boolean earlyDecision) {
    return UpCommand.options("127.0.0.1", 0, dataDir, "111122223333", "us-east-1", 5, 0, appDbUrl, appDbUser,
        appDbPassword, false, earlyDecision);
  }
}
