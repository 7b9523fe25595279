package keywatch.server.iam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real AWS CLI (Debian's, by absolute path) against a keywatch endpoint, isolated from
 * the user's own configuration: config and credential files are empty temp files, credentials
 * come from the environment, and every run has a timeout.
 */
final class AwsCli {
  static final Path AWS = Path.of("/usr/bin/aws");
  static final long TIMEOUT_SECONDS = 60;

  record Run(int exit, String out, String err) {}

  private final Path home;
  private final String endpoint;

  AwsCli(Path dir, String endpoint) throws IOException {
    this.home = Files.createDirectories(dir);
    this.endpoint = endpoint;
    Files.writeString(home.resolve("config"), "");
    Files.writeString(home.resolve("credentials"), "");
  }

  static boolean installed() {
    return Files.isExecutable(AWS);
  }

  Run run(String accessKeyId, String secretAccessKey, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(AWS.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", endpoint, "--output", "json"));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("HOME", home.toString());
    env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
    env.put("AWS_ACCESS_KEY_ID", accessKeyId);
    env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_PAGER", "");
    env.put("AWS_MAX_ATTEMPTS", "1");
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("aws " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }
}
