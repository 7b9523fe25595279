package keywatch.kms.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalEncodingTest {
  @Test
  void mapsThatConcatenateAlikeEncodeDifferently() {
    assertThat(new CanonicalEncoding().map(Map.of("ab", "c")).toBytes())
        .isNotEqualTo(new CanonicalEncoding().map(Map.of("a", "bc")).toBytes());
  }

  @Test
  void entryOrderDoesNotMatter() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("b", "2");
    one.put("a", "1");
    Map<String, String> two = new LinkedHashMap<>();
    two.put("a", "1");
    two.put("b", "2");
    assertThat(new CanonicalEncoding().map(one).toBytes()).isEqualTo(new CanonicalEncoding().map(two).toBytes());
  }

  @Test
  void emptyMapAndMapOfEmptyStringsDiffer() {
    assertThat(new CanonicalEncoding().map(Map.of()).toBytes())
        .isNotEqualTo(new CanonicalEncoding().map(Map.of("", "")).toBytes());
  }

  @Test
  void fieldsAreLengthPrefixedBigEndian() {
    assertThat(new CanonicalEncoding().field("hi").toBytes()).containsExactly(0, 0, 0, 2, 'h', 'i');
  }
}
