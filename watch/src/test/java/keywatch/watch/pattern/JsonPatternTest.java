package keywatch.watch.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JSON patterns. Source: AWS, "Matching terms in JSON log events", in
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html; the
 * event is AWS's example event for that section.
 */
class JsonPatternTest {
  static final String EVENT =
      "{\"eventType\":\"UpdateTrail\",\"sourceIPAddress\":\"111.111.111.111\",\"arrayKey\":[\"value\",\"another value\"],"
          + "\"objectList\":[{\"name\":\"a\",\"id\":1},{\"name\":\"b\",\"id\":2}],\"SomeObject\":null,\"cluster.name\":\"c\","
          + "\"bandwidth\":75.5,\"latency\":-2e2,\"flag\":true,\"off\":false,\"user\":{\"id\":1,\"email\":\"John.Doe@example.com\"},"
          + "\"count\":\"12\"}";

  private static boolean matches(String pattern) {
    return FilterPattern.parse(pattern).match(EVENT).matched();
  }

  @Test
  void stringEquality() {
    assertThat(matches("{ $.eventType = \"UpdateTrail\" }")).isTrue();
    assertThat(matches("{ $.eventType = UpdateTrail }")).isTrue();
    assertThat(matches("{ $.eventType = \"updatetrail\" }")).isFalse();
    assertThat(matches("{ $.eventType != \"CreateTrail\" }")).isTrue();
  }

  @Test
  void wildcardsOnlyAtTheStartOrEnd() {
    assertThat(matches("{ $.eventType = \"Update*\" }")).isTrue();
    assertThat(matches("{ $.eventType = \"*Trail\" }")).isTrue();
    assertThat(matches("{ $.eventType = \"*dateTr*\" }")).isTrue();
    assertThat(matches("{ $.eventType = \"Up*Trail\" }")).isFalse();
    assertThat(matches("{ $.sourceIPAddress != 123.123.* }")).isTrue();
    assertThat(FilterPattern.parse("{ $.a = \"Ev*ent\" }").match("{\"a\":\"Ev*ent\"}").matched()).isTrue();
  }

  @Test
  void starAloneMeansAnyScalarValue() {
    assertThat(matches("{ $.eventType = \"*\" }")).isTrue();
    assertThat(matches("{ $.bandwidth = * }")).isTrue();
    assertThat(matches("{ $.missing = \"*\" }")).isFalse();
    assertThat(matches("{ $.user = \"*\" }")).isFalse();
  }

  @Test
  void numbersWithSignsDecimalsAndExponents() {
    assertThat(matches("{ $.bandwidth > 75 }")).isTrue();
    assertThat(matches("{ $.bandwidth >= 75.5 }")).isTrue();
    assertThat(matches("{ $.bandwidth < 7.55e1 }")).isFalse();
    assertThat(matches("{ $.bandwidth <= 7.55E+1 }")).isTrue();
    assertThat(matches("{ $.latency = -200 }")).isTrue();
    assertThat(matches("{ $.latency < -1.5 }")).isTrue();
    assertThat(matches("{ $.latency != +200 }")).isTrue();
    assertThat(matches("{ $.objectList[1].id = 2 }")).isTrue();
    assertThat(matches("{ $.objectList[1].id = 2.0 }")).isTrue();
  }

  @Test
  void numericOperatorsNeedJsonNumbers() {
    assertThat(matches("{ $.count > 1 }")).isFalse();
    assertThat(matches("{ $.eventType > 1 }")).isFalse();
    assertThat(matches("{ $.count = 12 }")).isTrue();
  }

  @Test
  void nestedPropertiesIndexesAndQuotedNames() {
    assertThat(matches("{ $.user.email = \"John.Doe@example.com\" }")).isTrue();
    assertThat(matches("{ ($.user.id = 1) && ($.user.email = \"John.Doe@example.com\") }")).isTrue();
    assertThat(matches("{ $.arrayKey[1] = \"another value\" }")).isTrue();
    assertThat(matches("{ $.arrayKey[2] = \"*\" }")).isFalse();
    assertThat(matches("{ $.['cluster.name'] = \"c\" }")).isTrue();
    assertThat(matches("{ $['cluster.name'] = \"c\" }")).isTrue();
    assertThat(matches("{ $.cluster.name = \"c\" }")).isFalse();
  }

  @Test
  void wildcardSelectors() {
    assertThat(matches("{ $.arrayKey[*] = \"another value\" }")).isTrue();
    assertThat(matches("{ $.objectList[*].name = \"b\" }")).isTrue();
    assertThat(matches("{ $.objectList[*].name = \"z\" }")).isFalse();
    assertThat(matches("{ $.* = \"UpdateTrail\" }")).isTrue();
    assertThat(matches("{ $.user.* = 1 }")).isTrue();
  }

  @Test
  void arraysAndObjectsNeverMatchAComparison() {
    assertThat(matches("{ $.arrayKey = \"value\" }")).isFalse();
    assertThat(matches("{ $.objectList != 1 }")).isFalse();
    assertThat(matches("{ $.user != \"x\" }")).isFalse();
  }

  @Test
  void missingFieldsMatchNeitherEqualsNorNotEquals() {
    assertThat(matches("{ $.nothing = \"x\" }")).isFalse();
    assertThat(matches("{ $.nothing != \"x\" }")).isFalse();
  }

  @Test
  void nullExistsAndBooleans() {
    assertThat(matches("{ $.SomeObject IS NULL }")).isTrue();
    assertThat(matches("{ $.eventType IS NULL }")).isFalse();
    assertThat(matches("{ $.nothing IS NULL }")).isFalse();
    assertThat(matches("{ $.SomeOtherObject NOT EXISTS }")).isTrue();
    assertThat(matches("{ $.SomeObject NOT EXISTS }")).isFalse();
    assertThat(matches("{ $.flag IS TRUE }")).isTrue();
    assertThat(matches("{ $.flag IS FALSE }")).isFalse();
    assertThat(matches("{ $.off IS FALSE }")).isTrue();
    assertThat(matches("{ $.eventType IS TRUE }")).isFalse();
    assertThat(matches("{ $.flag is true }")).isTrue();
  }

  @Test
  void regexValues() {
    assertThat(matches("{ $.eventType = %Trail% }")).isTrue();
    assertThat(matches("{ $.eventType != %Trail% }")).isFalse();
    assertThat(matches("{ $.arrayKey[*] = %val.{2}% }")).isTrue();
  }

  @Test
  void precedenceIsParenthesesThenAndThenOr() {
    // true || (false && false) -> true ; (true || false) && false -> false
    assertThat(matches("{ $.flag IS TRUE || $.off IS TRUE && $.nothing = 1 }")).isTrue();
    assertThat(matches("{ ($.flag IS TRUE || $.off IS TRUE) && $.nothing = 1 }")).isFalse();
    assertThat(FilterPattern.parse("{ $.a = 1 || $.b = 2 && $.c = 3 }").ast())
        .isEqualTo(
            new PatternNode.JsonPattern(
                new JsonExpr.Or(
                    List.of(
                        cmp("a", "1"),
                        new JsonExpr.And(List.of(cmp("b", "2"), cmp("c", "3")))))));
  }

  @Test
  void sameKindNestingIsFlattened() {
    assertThat(FilterPattern.parse("{ ($.a = 1 && $.b = 2) && $.c = 3 }").ast())
        .isEqualTo(FilterPattern.parse("{ $.a = 1 && $.b = 2 && $.c = 3 }").ast());
  }

  @Test
  void nonJsonOrNonObjectEventsNeverMatch() {
    FilterPattern p = FilterPattern.parse("{ $.a NOT EXISTS }");
    assertThat(p.match("not json").matched()).isFalse();
    assertThat(p.match("[1,2]").matched()).isFalse();
    assertThat(p.match("{\"a\":").matched()).isFalse();
    assertThat(p.match("{}").matched()).isTrue();
  }

  @Test
  void valueOfResolvesScalarsAsText() {
    MatchResult r = FilterPattern.parse("{ $.eventType = \"UpdateTrail\" }").match(EVENT);
    assertThat(r.valueOf("$.bandwidth")).contains("75.5");
    assertThat(r.valueOf("$.objectList[1].id")).contains("2");
    assertThat(r.valueOf("$.flag")).contains("true");
    assertThat(r.valueOf("$.user.email")).contains("John.Doe@example.com");
    assertThat(r.valueOf("$.['cluster.name']")).contains("c");
    assertThat(r.valueOf("$.user")).isEmpty();
    assertThat(r.valueOf("$.SomeObject")).isEmpty();
    assertThat(r.valueOf("$.missing")).isEmpty();
    assertThat(r.valueOf("$.(")).isEmpty();
    assertThat(r.extractedValues()).isEmpty();
    assertThat(FilterPattern.parse("{ $.eventType = \"X\" }").match(EVENT).valueOf("$.eventType")).isEmpty();
  }

  @Test
  void escapedJsonStillMatchesDespiteThePrefilter() {
    String escaped = "{\"event\\u0054ype\":\"Update\\u0054rail\",\"x\":\"a\\\"b\"}";
    assertThat(FilterPattern.parse("{ $.eventType = \"UpdateTrail\" }").match(escaped).matched()).isTrue();
    assertThat(FilterPattern.parse("{ $.x = \"a\\\"b\" }").match(escaped).matched()).isTrue();
  }

  /** The prefilter looks for a value only after its key's first occurrence; that must never lose a match. */
  @Test
  void valuesAreFoundAfterTheirOwnKeyWhereverTheKeyFirstAppears() {
    String pattern = "{ $.eventName = DisableKey }";
    Map<String, Boolean> events = new java.util.LinkedHashMap<>();
    events.put("{\"x\":\"DisableKey\",\"eventName\":\"DisableKey\"}", true);
    events.put("{\"a\":{\"eventName\":\"x\"},\"eventName\":\"DisableKey\"}", true);
    events.put("{\"note\":\"\\\"eventName\\\" first\",\"eventName\":\"DisableKey\"}", true);
    events.put("{\"eventName\":\"Encrypt\",\"x\":{\"eventName\":\"other\"},\"y\":\"DisableKey\"}", false);
    events.put("{\"y\":\"DisableKey\",\"eventName\":\"Encrypt\"}", false);
    // The key once, read straight from its value; twice, or first as a value: searched.
    events.put("{\"eventName\" :\t \"DisableKey\"}", true);
    events.put("{\"eventName\":\"Encrypt\",\"requestParameters\":{\"eventName\":\"DisableKey\"}}", false);
    events.put("{\"requestParameters\":{\"eventName\":\"Encrypt\"},\"eventName\":\"DisableKey\"}", true);
    events.put("{\"x\":\"eventName\",\"eventName\":\"DisableKey\"}", true);
    events.put("{\"eventName\":\"Dis\\\"ableKey\",\"y\":\"DisableKey\"}", false);
    events.put("{\"eventName\":[\"DisableKey\"]}", false);
    for (Map.Entry<String, Boolean> e : events.entrySet()) {
      PatternNode.JsonPattern ast = (PatternNode.JsonPattern) PatternParser.parse(pattern);
      assertThat(new JsonMatcher(ast, true).matches(ParsedEvent.of(e.getKey()), null)).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(new JsonMatcher(ast, false).matches(ParsedEvent.of(e.getKey()), null)).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(FilterPattern.parse("{ $.eventName = eventName }").match("{\"eventName\":\"eventName\"}").matched()).isTrue();
    assertThat(FilterPattern.parse("{ $.a[0] = \"b*\" }").match("{\"x\":\"b\",\"a\":[\"bc\"]}").matched()).isTrue();
    assertThat(FilterPattern.parse("{ $.a = \"*Key\" }").match("{\"a\":\"DisableKey\"}").matched()).isTrue();
    assertThat(FilterPattern.parse("{ $.a = true }").match("{\"a\":true}").matched()).isTrue();
    assertThat(FilterPattern.parse("{ $.a.b = x }").match("{\"c\":{\"b\":\"y\"},\"a\":{\"b\":\"x\"}}").matched()).isTrue();
  }

  private static JsonExpr cmp(String name, String number) {
    return new JsonExpr.Compare(
        new Selector(List.of(new Selector.Step.Property(name))), Operator.EQ, new Value.NumberValue(number));
  }
}
