package keywatch.kms.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** AesGcm reuses one Cipher per thread; switching keys, failures and threads must not leak state. */
class AesGcmCipherReuseTest {
  private final SecureRandom random = new SecureRandom();
  private final AesGcm aes = new AesGcm(random);

  @Test
  void alternatingKeysOnOneThreadEachDecryptOnlyUnderTheirOwnKey() {
    SecretKey a = key();
    SecretKey b = key();
    byte[] ad = "context".getBytes(StandardCharsets.UTF_8);

    byte[] underA = aes.encrypt(a, bytes("for a"), ad);
    byte[] underB = aes.encrypt(b, bytes("for b"), ad);

    assertThat(AesGcm.decrypt(a, underA, 0, ad)).isEqualTo(bytes("for a"));
    assertThat(AesGcm.decrypt(b, underB, 0, ad)).isEqualTo(bytes("for b"));
    assertThatThrownBy(() -> AesGcm.decrypt(b, underA, 0, ad)).isInstanceOf(AesGcm.AuthenticationFailed.class);
    assertThatThrownBy(() -> AesGcm.decrypt(a, underB, 0, ad)).isInstanceOf(AesGcm.AuthenticationFailed.class);
  }

  @Test
  void aFailedDecryptionLeavesTheThreadsCipherUsable() {
    SecretKey k = key();
    byte[] ad = new byte[0];
    byte[] sealed = aes.encrypt(k, bytes("payload"), ad);
    byte[] damaged = sealed.clone();
    damaged[damaged.length - 1] ^= 1;

    assertThatThrownBy(() -> AesGcm.decrypt(k, damaged, 0, ad)).isInstanceOf(AesGcm.AuthenticationFailed.class);

    assertThat(AesGcm.decrypt(k, sealed, 0, ad)).isEqualTo(bytes("payload"));
    assertThat(AesGcm.decrypt(k, aes.encrypt(k, bytes("again"), ad), 0, ad)).isEqualTo(bytes("again"));
  }

  @Test
  void concurrentThreadsWithDifferentKeysRoundTrip() throws Exception {
    List<SecretKey> keys = List.of(key(), key(), key());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          int ok = 0;
          for (int i = 0; i < 500; i++) {
            SecretKey k = keys.get((seed + i) % keys.size());
            byte[] plaintext = bytes("message " + seed + "/" + i);
            byte[] ad = bytes("ad " + i);
            if (java.util.Arrays.equals(AesGcm.decrypt(k, aes.encrypt(k, plaintext, ad), 0, ad), plaintext)) {
              ok++;
            }
          }
          return ok;
        }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(500);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private SecretKey key() {
    byte[] k = new byte[32];
    random.nextBytes(k);
    return new SecretKeySpec(k, "AES");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
