package keywatch.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import keywatch.iam.authn.Authenticator;
import keywatch.iam.authz.Authorizer;
import keywatch.iam.policy.Decision;
import keywatch.iam.policy.Policy;
import keywatch.iam.policy.PolicyKind;
import keywatch.iam.principal.Principal;
import keywatch.iam.sigv4.Credential;
import keywatch.iam.sigv4.SigV4Verifier;
import keywatch.iam.sigv4.SignedRequest;
import keywatch.server.config.LabProfile;
import keywatch.server.config.ServerConfig;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.server.sdk.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * What authentication and authorization cost per KMS Encrypt, measured two ways (no JMH in the
 * build; plain loops with warm-up, as the numbers only need to be good to ~10%):
 *
 * <ol>
 *   <li>Through the real HTTP endpoint: Encrypt ops/s and latency, requests SigV4-signed by
 *       keywatch's signer (each client thread re-signs every 30 s and otherwise replays its signed
 *       request, so client signing stays out of the numbers), as the account root (key policy only)
 *       and as the lab role's session (key policy + identity policy). The server's CPU time per
 *       request comes from the CPU clocks of its request threads.
 *   <li>In process, the same work the endpoint does per request, component by component: SigV4
 *       verification (signing key cached, and derived afresh), authentication (verification plus
 *       the access-key or session lookup), and the policy decision for kms:Encrypt (parsed policies
 *       cached, and parsed afresh).
 * </ol>
 *
 * Run with {@code bench/auth-cost.sh} or
 * {@code mvn -pl server -am test -Dtest=AuthCostBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * Knobs: {@code -Dbenchmark.seconds} (per HTTP run, default 10), {@code -Dbenchmark.threads}
 * (default 4), {@code -Dbenchmark.out} (a file for the Markdown report).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class AuthCostBenchmark {
  @TempDir
  Path dir;

  final StringBuilder report = new StringBuilder();
  /** False during warm-up passes, whose results are not reported. */
  boolean reporting;

  @Test
  void measure() throws Exception {
    int seconds = Integer.getInteger("benchmark.seconds", 10);
    int threads = Integer.getInteger("benchmark.threads", 4);
    try (KeywatchHarness h = KeywatchHarness.start(ServerConfig.forTests(dir), new MutableClock(Instant.now()))) {
      LabProfile.Applied lab = h.server().applyLabProfile();
      Credential root = Credential.longTerm(h.config().adminAccessKeyId(), h.config().adminSecretAccessKey());
      Credentials s;
      try (StsClient sts = IamFixtures.sts(h.server(), IamFixtures.rootCredentials(h))) {
        s = sts.assumeRole(r -> r.roleArn(lab.roleArn()).roleSessionName("bench").durationSeconds(3600)).credentials();
      }
      Credential role = new Credential(s.accessKeyId(), s.secretAccessKey(), s.sessionToken(), null);
      String body = "{\"KeyId\":\"" + LabProfile.KEY_ALIAS + "\",\"Plaintext\":\""
          + Base64.getEncoder().encodeToString("Welcome to ReInvent 2020!".getBytes(StandardCharsets.UTF_8))
          + "\",\"EncryptionContext\":{\"Name\":\"Andy Jassy\"}}";

      reporting = true;
      line("## Environment");
      line("- " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs; "
          + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "; "
          + System.getProperty("os.name") + " " + System.getProperty("os.version"));
      line("- keywatch in process on embedded H2, client and server in the same JVM (java.net.http, HTTP/1.1 keep-alive)");
      line("- Encrypt of 25 bytes with alias/pattern1-app-key and a one-entry encryption context");
      line("");

      reporting = false;
      // Warm-up of everything (JIT, pools, caches) before any number is kept.
      http(h, "warm-up", root, body, threads, seconds);
      http(h, "warm-up", role, body, threads, seconds);
      reporting = true;
      line("## Through the HTTP endpoint");
      line("| round | caller | threads | ops/s | p50 ms | p99 ms | server CPU µs/request |");
      line("|---|---|---|---|---|---|---|");
      for (int round = 1; round <= 2; round++) { // two rounds, to show the run-to-run spread
        http(h, round + " | account root (key policy)", root, body, 1, seconds);
        http(h, round + " | account root (key policy)", root, body, threads, seconds);
        http(h, round + " | lab role session (key + identity policy)", role, body, 1, seconds);
        http(h, round + " | lab role session (key + identity policy)", role, body, threads, seconds);
      }
      line("");

      for (int pass = 0; pass < 3; pass++) { // report the last pass, after two warm-up passes
        reporting = pass == 2;
        line("## Per request, in process (one thread)");
        line("| component | µs/op |");
        line("|---|---|");
        SignedRequest signedRoot = IamFixtures.sign(IamFixtures.kmsRequest(h.server(), "Encrypt", body), root, Clock.systemUTC());
        SignedRequest signedRole = IamFixtures.sign(IamFixtures.kmsRequest(h.server(), "Encrypt", body), role, Clock.systemUTC());
        SigV4Verifier verifier = new SigV4Verifier(Clock.systemUTC());
        Optional<Credential> rootLookup = Optional.of(root);
        micro("SigV4 verification, signing key cached", () -> verifier.verify(signedRoot, id -> rootLookup, "us-east-1", "kms")
            .requestTime().getEpochSecond());
        micro("SigV4 verification, signing key derived (cache of 1 entry, 2 keys alternating)", alternatingVerifier(signedRoot, root));
        Authenticator authenticator = new Authenticator(h.server().identities(), new SigV4Verifier(Clock.systemUTC()), h.clock());
        micro("authentication as the root (verify + access-key lookup)",
            () -> authenticator.authenticate(signedRoot, "us-east-1", "kms").principal().hashCode());
        micro("authentication as a role session (verify + session lookup)",
            () -> authenticator.authenticate(signedRole, "us-east-1", "kms").principal().hashCode());

        Authorizer authorizer = new Authorizer(h.server().identities(), h.clock());
        String keyPolicy = h.kms().getKeyPolicy(r -> r.keyId(lab.keyId())).policy();
        Principal rootPrincipal = new Principal.Root(IamFixtures.ACCOUNT);
        Principal rolePrincipal = h.server().identities().session(role.accessKeyId()).orElseThrow().principal();
        Authorizer.Call call = new Authorizer.Call("127.0.0.1", "us-east-1", Map.of(
            "kms:calleraccount", List.of(IamFixtures.ACCOUNT),
            "kms:encryptioncontext:name", List.of("Andy Jassy"),
            "kms:encryptioncontextkeys", List.of("Name")));
        assertThat(authorizer.onResource(rolePrincipal, keyPolicy, PolicyKind.KEY_POLICY, "kms:Encrypt", lab.keyArn(), call)
            .decision()).isEqualTo(Decision.ALLOW);
        micro("policy decision, root (key policy; parsed policy cached)", () -> authorizer.onResource(rootPrincipal, keyPolicy,
            PolicyKind.KEY_POLICY, "kms:Encrypt", lab.keyArn(), call).decision().ordinal());
        micro("policy decision, role session (key + identity policy; cached)", () -> authorizer.onResource(rolePrincipal,
            keyPolicy, PolicyKind.KEY_POLICY, "kms:Encrypt", lab.keyArn(), call).decision().ordinal());
        micro("policy parse of the key policy (what the cache saves)", () -> Policy.parse(keyPolicy, PolicyKind.KEY_POLICY)
            .statements().size());
        line("");
      }
    }
    String out = System.getProperty("benchmark.out");
    if (out != null) {
      Files.writeString(Path.of(out), report.toString());
    }
    System.out.println(report);
  }

  private void line(String s) {
    if (reporting) {
      report.append(s).append('\n');
    }
  }

  /** Two signing secrets alternating through a verifier that caches one key: every call derives. */
  private static LongSupplier alternatingVerifier(SignedRequest signed, Credential root) {
    SigV4Verifier small = new SigV4Verifier(Clock.systemUTC(), 1);
    SignedRequest other = IamFixtures.sign(signed, Credential.longTerm("AKIAOTHEREXAMPLE0001", "other-secret-key"),
        Clock.systemUTC());
    Optional<Credential> a = Optional.of(root);
    Optional<Credential> b = Optional.of(Credential.longTerm("AKIAOTHEREXAMPLE0001", "other-secret-key"));
    boolean[] flip = {false};
    return () -> {
      flip[0] = !flip[0];
      return flip[0] ? small.verify(signed, id -> a, "us-east-1", "kms").requestTime().getEpochSecond()
          : small.verify(other, id -> b, "us-east-1", "kms").requestTime().getEpochSecond();
    };
  }

  private void micro(String name, LongSupplier op) {
    long sink = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < deadline) { // warm-up
      sink += op.getAsLong();
    }
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      int n = 0;
      long start = System.nanoTime();
      long end = start + Duration.ofMillis(600).toNanos();
      long now;
      do {
        for (int i = 0; i < 64; i++) {
          sink += op.getAsLong();
        }
        n += 64;
      } while ((now = System.nanoTime()) < end);
      best = Math.min(best, (now - start) / 1000.0 / n);
    }
    line(String.format(Locale.ROOT, "| %s | %.2f |", name, best));
    if (sink == 42) {
      System.out.print("");
    }
  }

  private void http(KeywatchHarness h, String label, Credential credential, String body, int threads, int seconds)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create(h.server().endpoint() + "/");
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    List<long[]> latencies = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger reconnects = new java.util.concurrent.atomic.AtomicInteger();
    for (int t = 0; t < threads; t++) {
      long[] lat = new long[2_000_000];
      int[] count = new int[1];
      latencies.add(lat);
      counts.add(count);
      Thread w = new Thread(() -> {
        try {
          HttpRequest request = null;
          long signedAt = 0;
          while (!stop.get()) {
            if (request == null || System.nanoTime() - signedAt > Duration.ofSeconds(30).toNanos()) {
              request = toHttp(uri, IamFixtures.sign(IamFixtures.kmsRequest(h.server(), "Encrypt", body), credential,
                  Clock.systemUTC()));
              signedAt = System.nanoTime();
            }
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r;
            try {
              r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (java.io.IOException e) {
              reconnects.incrementAndGet(); // a kept-alive connection closed under us: send again
              continue;
            }
            long t1 = System.nanoTime();
            if (r.statusCode() != 200) {
              throw new AssertionError("HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
            if (measuring.get() && count[0] < lat.length) {
              lat[count[0]++] = t1 - t0;
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "bench-client-" + t);
      workers.add(w);
      w.start();
    }
    Thread.sleep(Duration.ofSeconds(Math.max(2, seconds / 3)).toMillis()); // warm-up, not a synchronisation
    long cpu0 = serverCpuNanos();
    long t0 = System.nanoTime();
    measuring.set(true);
    Thread.sleep(Duration.ofSeconds(seconds).toMillis());
    measuring.set(false);
    long elapsed = System.nanoTime() - t0;
    long cpu1 = serverCpuNanos();
    stop.set(true);
    for (Thread w : workers) {
      w.join(10_000);
    }
    assertThat(failures).isEmpty();
    assertThat(reconnects.get()).as("connections closed under the client").isLessThan(100);
    int total = counts.stream().mapToInt(c -> c[0]).sum();
    long[] all = new long[total];
    int at = 0;
    for (int i = 0; i < threads; i++) {
      System.arraycopy(latencies.get(i), 0, all, at, counts.get(i)[0]);
      at += counts.get(i)[0];
    }
    Arrays.sort(all);
    line(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.0f |", label, threads,
        total / (elapsed / 1e9), all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6, (cpu1 - cpu0) / 1000.0 / total));
  }

  private static HttpRequest toHttp(URI uri, SignedRequest signed) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
    signed.headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("host")) {
        values.forEach(v -> b.header(name, v));
      }
    });
    return b.build();
  }

  /** CPU time so far of the server's request threads (Jetty's pool is named keywatch-http). */
  private static long serverCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("keywatch-http")) {
        long cpu = mx.getThreadCpuTime(info.getThreadId());
        if (cpu > 0) {
          sum += cpu;
        }
      }
    }
    return sum;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (Exception e) {
      return "unknown CPU";
    }
  }
}
