package keywatch.server.clients;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keywatch.server.config.ServerConfig;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's client tools (the AWS CLI, python3 with boto3) as the user would, but hermetically:
 * a minimal environment with nothing inherited (no AWS_PROFILE, AWS_ENDPOINT_URL or pyenv leaking in
 * from the developer's shell), output captured to files (so a chatty process cannot block on a
 * full pipe), and a hard timeout after which the process is killed and the test fails.
 */
final class ExternalCommand {
  static final Path AWS_CLI = Path.of("/usr/bin/aws");
  static final Path PYTHON3 = Path.of("/usr/bin/python3");
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** What one process did. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    /** For assertion messages: everything needed to see what went wrong. */
    String describe() {
      return String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  private final Path workDir;
  private final Map<String, String> environment;
  private int runs;

  private ExternalCommand(Path workDir, Map<String, String> environment) {
    this.workDir = workDir;
    this.environment = Map.copyOf(environment);
  }

  /**
   * An environment for AWS clients talking to keywatch: the given credentials and region, config
   * and credentials files that exist and are empty, no instance-metadata lookups, no pager. The
   * retry settings stay at the clients' defaults on purpose: capping attempts makes botocore add
   * "(reached max retries: 0)" to every error line, which is not what a user sees.
   */
  static ExternalCommand forAwsClients(Path workDir, ServerConfig server) throws IOException {
    Path home = Files.createDirectories(workDir.resolve("home"));
    Path config = Files.writeString(workDir.resolve("aws-config"), "");
    Path credentials = Files.writeString(workDir.resolve("aws-credentials"), "");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", home.toString());
    env.put("LANG", "C.UTF-8");
    env.put("AWS_ACCESS_KEY_ID", server.adminAccessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", server.adminSecretAccessKey());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", config.toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_PAGER", "");
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    return new ExternalCommand(workDir, env);
  }

  /** Fails the test (it does not skip) when a client CI is meant to install is missing. */
  static void requireAwsCli() {
    if (!Files.isExecutable(AWS_CLI)) {
      fail(AWS_CLI + " is missing: these tests need Debian's AWS CLI (apt-get install -y awscli); CI installs it");
    }
  }

  /** Fails the test (it does not skip) unless Debian's python3 can import boto3. */
  void requireBoto3() {
    if (!Files.isExecutable(PYTHON3)) {
      fail(PYTHON3 + " is missing: these tests need Debian's python3 with boto3 (apt-get install -y python3-boto3); CI installs it");
    }
    Result r = run(List.of(PYTHON3.toString(), "-c", "import boto3, botocore; print(boto3.__version__)"));
    if (r.exitCode() != 0) {
      fail("Debian's python3 cannot import boto3 (apt-get install -y python3-boto3); CI installs it\n" + r.describe());
    }
  }

  Result run(List<String> command) {
    int n = ++runs;
    Path out = workDir.resolve("run-" + n + ".stdout");
    Path err = workDir.resolve("run-" + n + ".stderr");
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().clear();
    pb.environment().putAll(environment);
    try {
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        fail("timed out after " + TIMEOUT.toSeconds() + " s: " + String.join(" ", command)
            + "\n--- stdout\n" + read(out) + "\n--- stderr\n" + read(err));
      }
      return new Result(List.copyOf(command), p.exitValue(), read(out), read(err));
    } catch (IOException e) {
      return fail("could not start " + String.join(" ", command) + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while running " + String.join(" ", command));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<unreadable: " + e + ">";
    }
  }
}
