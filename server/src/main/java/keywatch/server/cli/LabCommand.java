package keywatch.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import keywatch.server.lab.LabRunner;
import keywatch.server.lab.LabStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keywatch lab}: LAB.md section 5, measured, against a running up or a keywatch of its own. */
@Command(name = "lab", mixinStandardHelpOptions = true,
    description = {
      "Run the lab's test (encrypt, decrypt, then decrypts with a false key) and report the requests, the trail records,",
      "the metric, the alarm's state changes, the notification and the detection latency.",
      "Against the 'keywatch up' of --data-dir when it runs; otherwise starts the same stack in this process.",
      "--runs N (benchmark): N failing bursts, the alarm reset between them, p50/p99 latencies (own stack only)."
    })
public final class LabCommand implements Callable<Integer> {
  @Option(names = "--data-dir", defaultValue = "${env:KEYWATCH_DATA_DIR:-keywatch-lab}", description = "(default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(names = "--runs", description = "Benchmark mode: how many failing bursts (without it: one full report).")
  Integer runs;

  @Option(names = "--aws-exact", description = "When starting its own stack: CloudWatch's evaluation at period ends (default: early decision).")
  boolean awsExact;

  @Option(names = "--warmup", defaultValue = "5", description = "Benchmark: unreported bursts first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Override
  public Integer call() throws Exception {
    Path state = dataDir.resolve(LabStack.STATE_FILE);
    if (Files.exists(state)) {
      JsonNode s = new ObjectMapper().readTree(state.toFile());
      if (ProcessHandle.of(s.path("pid").asLong()).map(ProcessHandle::isAlive).orElse(false)) {
        if (runs != null) {
          System.err.println("keywatch lab --runs resets the alarm between runs and needs its own keywatch: run it with "
              + "another --data-dir, or stop this one first (keywatch down --data-dir " + dataDir + ")");
          return 2;
        }
        if (awsExact != !s.path("earlyDecision").asBoolean(true)) {
          System.out.println("note: --aws-exact is a property of the running keywatch up (started "
              + (s.path("earlyDecision").asBoolean(true) ? "with early decision" : "--aws-exact") + ")");
        }
        LabRunner.remote(s, System.out).runReport();
        return 0;
      }
    }
    System.out.println("no keywatch up running in " + dataDir + ": starting the lab's stack in this process");
    LabStack.Options options = UpCommand.options("127.0.0.1", 0, dataDir, "111122223333", "us-east-1", 5, 0, null, null,
        null, false, !awsExact);
    try (LabStack stack = LabStack.start(options, Map.of())) {
      LabRunner runner = LabRunner.inProcess(stack, System.out);
      if (runs == null) {
        runner.runReport();
      } else {
        if (warmup > 0) {
          System.out.println("warm-up: " + warmup + " bursts");
          runner.benchmark(warmup);
        }
        System.out.println("measured:");
        runner.benchmark(runs);
      }
    }
    return 0;
  }
}
