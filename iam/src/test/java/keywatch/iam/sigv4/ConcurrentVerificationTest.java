package keywatch.iam.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One verifier shared by many threads, more keys in use than its cache holds: every good request
 * verifies and every forged one fails, whatever key each thread's HMAC was last keyed with.
 */
class ConcurrentVerificationTest {

  @Test
  void sharedVerifierUnderContentionAndEviction() throws Exception {
    Instant t = Instant.parse("2026-11-27T15:00:00Z");
    Clock clock = Clock.fixed(t, ZoneOffset.UTC);
    Map<String, Credential> keys = new ConcurrentHashMap<>();
    List<SignedRequest> good = new ArrayList<>();
    List<SignedRequest> forged = new ArrayList<>();
    SigV4Signer signer = new SigV4Signer(clock);
    for (int i = 0; i < 8; i++) {
      Credential c = Credential.longTerm("AKIACONCURRENT00000" + i, "secret-number-" + i);
      keys.put(c.accessKeyId(), c);
      for (String region : List.of("us-east-1", "eu-west-1")) {
        SignedRequest r = KmsRequests.encrypt("cGxhaW4" + i);
        good.add(signer.sign(r, c, region, "kms"));
        forged.add(signer.sign(r, Credential.longTerm(c.accessKeyId(), "not-" + i), region,
            "kms"));
      }
    }
    SigV4Verifier verifier = new SigV4Verifier(clock, 3);
    CredentialLookup lookup = id -> Optional.ofNullable(keys.get(id));
    AtomicInteger wrong = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        int seed = thread;
        futures.add(pool.submit(() -> {
          for (int n = 0; n < 2000; n++) {
            int i = (n * 7 + seed * 3) % good.size();
            try {
              verifier.verify(good.get(i), lookup);
            } catch (SigV4Exception e) {
              wrong.incrementAndGet();
            }
            try {
              verifier.verify(forged.get(i), lookup);
              wrong.incrementAndGet();
            } catch (SigV4Exception e) {
              if (!e.errorCode().equals("InvalidSignatureException")) {
                wrong.incrementAndGet();
              }
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(wrong.get()).isZero();
    assertThat(verifier.cachedSigningKeys()).isLessThanOrEqualTo(3 + 4); // bound + racing inserts
  }
}
