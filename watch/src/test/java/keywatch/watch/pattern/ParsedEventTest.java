package keywatch.watch.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import keywatch.watch.event.LogEvent;
import org.junit.jupiter.api.Test;

/** One parse per event, however many patterns look at it; AWS's field splitting. */
class ParsedEventTest {
  @Test
  void theSameEventIsParsedOncePerThread() {
    LogEvent e = new LogEvent(0, "{\"a\":1}");
    ParsedEvent first = ParsedEvent.cachedFor(e.message());
    assertThat(ParsedEvent.cachedFor(e.message())).isSameAs(first);
    assertThat(first.json()).isSameAs(first.json());
    assertThat(ParsedEvent.cachedFor(new String(e.message()))).isNotSameAs(first);
  }

  @Test
  void explicitlySharedEventsServeSeveralPatterns() {
    ParsedEvent e = ParsedEvent.of("{\"eventName\":\"Decrypt\",\"errorCode\":\"IncorrectKeyException\"}");
    assertThat(FilterPattern.parse("{ $.eventName = Decrypt }").match(e).matched()).isTrue();
    assertThat(FilterPattern.parse("{ $.errorCode = \"*\" }").match(e).valueOf("$.errorCode")).contains("IncorrectKeyException");
  }

  @Test
  void splitsOnBlanksKeepingBracketsAndQuotesTogether() {
    assertThat(ParsedEvent.split("  a  [b c] \"d e\" f\t g [unclosed x"))
        .isEqualTo(List.of("a", "b c", "d e", "f", "g", "[unclosed", "x"));
    assertThat(ParsedEvent.split("")).isEmpty();
  }

  @Test
  void rawSearchesAreRememberedPerEvent() {
    ParsedEvent e = ParsedEvent.of("{\"errorCode\":\"x\"}");
    String needle = "\"errorCode\"".intern();
    assertThat(e.rawContains(needle)).isTrue();
    assertThat(e.rawContains(needle)).isTrue();
    assertThat(e.rawContains("nothing".intern())).isFalse();
    assertThat(e.isLiteral()).isTrue();
    assertThat(ParsedEvent.of("{\"a\":\"\\u0041\"}").isLiteral()).isFalse();
    assertThat(ParsedEvent.of("{\"a\":\"x\\/y\"}").isLiteral()).isFalse();
    assertThat(ParsedEvent.of("{\"a\":\"x\\\"y\"}").isLiteral()).isTrue();
  }
}
