package keywatch.server.respond;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseFileTest {
  @Test
  void readsResponsesPerAlarm(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("responses.yaml");
    Files.writeString(f, """
        responses:
          - alarm: Pattern1ApplicationKMSSecurityAlarm
            actions: [DISABLE_KEY, DENY_PRINCIPAL]
            requireApproval: true
            cooldownSeconds: 60
            maxKeysDisabledPerHour: 1
            neverDisable: [root-key-id]
          - alarm: other
        """);
    List<ResponsePolicy> p = ResponseFile.load(f);
    assertThat(p).hasSize(2);
    assertThat(p.get(0).actions()).containsExactly(ResponseAction.DISABLE_KEY, ResponseAction.DENY_PRINCIPAL);
    assertThat(p.get(0).requireApproval()).isTrue();
    assertThat(p.get(0).dryRun()).isFalse();
    assertThat(p.get(0).cooldown()).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.get(0).allowListed("arn:aws:kms:us-east-1:111122223333:key/root-key-id")).isTrue();
    assertThat(p.get(1).actions()).containsExactly(ResponseAction.DISABLE_KEY);
    assertThat(p.get(1).maxKeysDisabledPerHour()).isEqualTo(3);
  }
}
