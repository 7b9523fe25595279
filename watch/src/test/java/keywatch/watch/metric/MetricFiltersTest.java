package keywatch.watch.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import keywatch.watch.error.WatchException;
import keywatch.watch.event.LogEvent;
import org.junit.jupiter.api.Test;

class MetricFiltersTest {
  static final String LAB_PATTERN =
      "{ $.errorCode = \"*\" && $.eventSource= \"kms.amazonaws.com\" && $.userIdentity.sessionContext.sessionIssuer.arn = "
          + "\"arn:aws:iam::111122223333:role/pattern1-app-Pattern1ECSTaskRole\" }";

  static String event(String errorCode, String roleArn) {
    return "{\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"Decrypt\",\"awsRegion\":\"ap-southeast-2\","
        + (errorCode == null ? "" : "\"errorCode\":\"" + errorCode + "\",\"errorMessage\":\"The key ID in the request does not identify a CMK that can perform this operation.\",")
        + "\"userIdentity\":{\"type\":\"AssumedRole\",\"sessionContext\":{\"sessionIssuer\":{\"arn\":\"" + roleArn + "\"}}},"
        + "\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"latencyMs\":\"42\",\"keyId\":\"k-1\"}";
  }

  static final String APP = "arn:aws:iam::111122223333:role/pattern1-app-Pattern1ECSTaskRole";

  @Test
  void labFilterCountsTheAppsFailedCallsOnly() {
    MetricStore store = new MetricStore();
    MetricFilters filters = new MetricFilters(store);
    filters.put("pattern1-logging-loggroup", "pattern1-logging-metricfilter", LAB_PATTERN,
        List.of(new MetricTransformation("KMSSecurityError", "Pattern1Application/KMSSecurity", "1")), 0);
    filters.apply("pattern1-logging-loggroup", new LogEvent(1_000, event("IncorrectKeyException", APP)));
    filters.apply("pattern1-logging-loggroup", new LogEvent(2_000, event(null, APP)));
    filters.apply("pattern1-logging-loggroup", new LogEvent(3_000, event("IncorrectKeyException", "arn:aws:iam::111122223333:role/other")));
    filters.apply("other-group", new LogEvent(4_000, event("IncorrectKeyException", APP)));
    Aggregate a = store.aggregate(MetricId.of("Pattern1Application/KMSSecurity", "KMSSecurityError"), 0, 10_000).orElseThrow();
    assertThat(a.sum()).isEqualTo(1.0);
    assertThat(a.sampleCount()).isEqualTo(1);
  }

  @Test
  void valueFromAFieldDimensionsAndUnit() {
    MetricStore store = new MetricStore();
    MetricFilters filters = new MetricFilters(store);
    filters.put("g", "latency", "{ $.eventSource = \"kms.amazonaws.com\" }",
        List.of(new MetricTransformation("Latency", "KMS", "$.latencyMs", null, Map.of("Operation", "$.eventName"), "Milliseconds")), 0);
    filters.apply("g", new LogEvent(1_000, event(null, APP)));
    MetricId id = MetricId.of("KMS", "Latency", Map.of("Operation", "Decrypt"));
    assertThat(store.aggregate(id, 0, 10_000).orElseThrow().sum()).isEqualTo(42.0);
    assertThat(store.unit(id)).contains("Milliseconds");
  }

  @Test
  void defaultValueOncePerSecondWithoutMatches() {
    MetricStore store = new MetricStore();
    MetricFilters filters = new MetricFilters(store);
    filters.put("g", "errors", "{ $.errorCode = \"*\" }",
        List.of(new MetricTransformation("Errors", "NS", "1", 0.0, Map.of(), "Count")), 0);
    for (int i = 0; i < 5; i++) {
      filters.apply("g", new LogEvent(1_000 + i, event(null, APP)));
    }
    filters.apply("g", new LogEvent(2_500, event(null, APP)));
    Aggregate a = store.aggregate(MetricId.of("NS", "Errors"), 0, 10_000).orElseThrow();
    assertThat(a.sampleCount()).isEqualTo(2);
    assertThat(a.sum()).isEqualTo(0.0);
  }

  @Test
  void validationUsesAwsMessages() {
    MetricFilters filters = new MetricFilters(new MetricStore());
    List<MetricTransformation> t = List.of(new MetricTransformation("M", "NS", "1"));
    assertThatThrownBy(() -> filters.put("g", "bad:name", "", t, 0))
        .isInstanceOf(WatchException.class)
        .hasMessage("1 validation error detected: Value 'bad:name' at 'filterName' failed to satisfy constraint: "
            + "Member must satisfy regular expression pattern: [^:*]*");
    assertThatThrownBy(() -> filters.put("g", "f", "", List.of(new MetricTransformation("M$", "NS", "1")), 0))
        .hasMessageContaining("at 'metricTransformations.1.member.metricName' failed to satisfy constraint: "
            + "Member must satisfy regular expression pattern: [^:*$]*");
    assertThatThrownBy(() -> filters.put("g", "f", "", List.of(), 0))
        .hasMessageContaining("at 'metricTransformations' failed to satisfy constraint: Member must have length greater than or equal to 1");
    assertThatThrownBy(() -> filters.put("g", "f", "x".repeat(1025), t, 0))
        .hasMessageContaining("Member must have length less than or equal to 1024");
    assertThatThrownBy(() -> filters.put("g", "f", "", List.of(new MetricTransformation("M", "NS", "1", null, Map.of(), "Parsecs")), 0))
        .hasMessageContaining("at 'metricTransformations.1.member.unit' failed to satisfy constraint: Member must satisfy enum value set");
    assertThatThrownBy(() -> filters.put("g", "f", "", List.of(new MetricTransformation("M", "NS", "1", null,
        Map.of("a", "$.a", "b", "$.b", "c", "$.c", "d", "$.d"), null)), 0))
        .hasMessageContaining("at most 3 dimensions");
    assertThatThrownBy(() -> filters.put("g", "f", "", List.of(new MetricTransformation("M", "NS", "1", 0.0, Map.of("a", "$.a"), null)), 0))
        .hasMessageContaining("dimensions cannot have a default value");
    assertThatThrownBy(() -> filters.put("g", "f", "", List.of(new MetricTransformation("M", "NS", "one")), 0))
        .extracting(e -> ((WatchException) e).errorCode()).isEqualTo("InvalidParameterException");
  }

  @Test
  void atMostOneHundredFiltersPerLogGroup() {
    MetricFilters filters = new MetricFilters(new MetricStore());
    List<MetricTransformation> t = List.of(new MetricTransformation("M", "NS", "1"));
    for (int i = 0; i < 100; i++) {
      filters.put("g", "f" + i, "", t, 0);
    }
    filters.put("g", "f0", "{ $.a = \"b\" }", t, 5); // replacing is not adding
    assertThat(filters.describe("g").get(0).creationTimeMillis()).isZero();
    assertThatThrownBy(() -> filters.put("g", "f100", "", t, 0))
        .isInstanceOf(WatchException.class).hasMessage("Resource limit exceeded.")
        .extracting(e -> ((WatchException) e).errorCode()).isEqualTo("LimitExceededException");
    filters.put("other", "f100", "", t, 0);
  }

  @Test
  void statisticsAndPercentiles() {
    Aggregate a = new Aggregate();
    for (int i = 1; i <= 100; i++) {
      a.add(i);
    }
    assertThat(a.sampleCount()).isEqualTo(100);
    assertThat(a.sum()).isEqualTo(5050.0);
    assertThat(a.average()).isEqualTo(50.5);
    assertThat(a.minimum()).isEqualTo(1.0);
    assertThat(a.maximum()).isEqualTo(100.0);
    assertThat(a.percentile(50)).isEqualTo(50.0);
    assertThat(a.percentile(99)).isEqualTo(99.0);
    assertThat(a.percentile(99.9)).isEqualTo(100.0);
    assertThat(Percentile.parse("p99.9").percent()).isEqualTo(99.9);
    assertThat(Percentile.parse("p99").minimumSignificantSamples()).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(Percentile.parse("p10").minimumSignificantSamples()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThatThrownBy(() -> Percentile.parse("p100.001")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentile.parse("tm99")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void periodsAggregateOneSecondBuckets() {
    MetricStore store = new MetricStore();
    MetricId id = MetricId.of("NS", "M");
    store.put(id, 1_000, 1, null, 1);
    store.put(id, 9_999, 2, null, 1);
    store.put(id, 10_000, 4, null, 1);
    assertThat(store.datapoints(id, 10, 0, 20_000)).extracting(d -> d.aggregate().sum()).containsExactly(3.0, 4.0);
    assertThat(store.datapoints(id, 60, 0, 60_000)).extracting(d -> d.aggregate().sampleCount()).containsExactly(3L);
    assertThatThrownBy(() -> store.put(id, 0, 1, null, 5)).isInstanceOf(IllegalArgumentException.class);
  }
}
