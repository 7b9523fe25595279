package keywatch.kms.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Grant tokens name their grant, differ at every issue, and no garbage or flipped bit passes as one. */
class GrantTokenProperties {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Property(tries = 200)
  void aTokenNamesItsGrant(@ForAll @Size(32) byte[] id) {
    String grantId = HexFormat.of().formatHex(id);
    String one = GrantToken.issue(grantId, RANDOM);
    String two = GrantToken.issue(grantId, RANDOM);
    assertThat(one).isNotEqualTo(two);
    assertThat(GrantToken.grantIdOf(one)).isEqualTo(grantId);
    assertThat(GrantToken.grantIdOf(two)).isEqualTo(grantId);
  }

  @Example
  void everySingleBitFlipIsRejected() {
    String token = GrantToken.issue("ab".repeat(32), RANDOM);
    byte[] raw = Base64.getUrlDecoder().decode(token);
    for (int bit = 0; bit < raw.length * 8; bit++) {
      byte[] flipped = raw.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(GrantToken.grantIdOf(Base64.getUrlEncoder().withoutPadding().encodeToString(flipped)))
          .as("bit %d", bit).isNull();
    }
  }

  @Property(tries = 500)
  void arbitraryStringsAreNotTokens(@ForAll String s) {
    assertThat(GrantToken.grantIdOf(s)).isNull();
  }
}
