package keywatch.watch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import keywatch.watch.alarm.AlarmDefinition;
import keywatch.watch.alarm.TreatMissingData;
import keywatch.watch.metric.MetricFilters;
import keywatch.watch.metric.MetricStore;
import keywatch.watch.pattern.FilterPattern;
import org.junit.jupiter.api.Test;

class RuleFilesTest {
  /** As printed by {@code aws logs describe-metric-filters} (fields AWS adds included). */
  static final String DESCRIBE_METRIC_FILTERS = """
      {
          "metricFilters": [
              {
                  "filterName": "pattern1-logging-metricfilter",
                  "filterPattern": "{ $.errorCode = \\"*\\" && $.eventSource= \\"kms.amazonaws.com\\" && $.userIdentity.sessionContext.sessionIssuer.arn = \\"arn:aws:iam::444455556666:role/pattern1-app-Pattern1ECSTaskRole\\" }",
                  "metricTransformations": [
                      {
                          "metricName": "KMSSecurityError",
                          "metricNamespace": "Pattern1Application/KMSSecurity",
                          "metricValue": "1"
                      }
                  ],
                  "creationTime": 1606458153873,
                  "logGroupName": "pattern1-logging-loggroup",
                  "applyOnTransformedLogs": false
              }
          ]
      }
      """;

  /** As printed by {@code aws cloudwatch describe-alarms}. */
  static final String DESCRIBE_ALARMS = """
      {
          "MetricAlarms": [
              {
                  "AlarmName": "Pattern1ApplicationKMSSecurityAlarm",
                  "AlarmArn": "arn:aws:cloudwatch:ap-southeast-2:444455556666:alarm:Pattern1ApplicationKMSSecurityAlarm",
                  "AlarmConfigurationUpdatedTimestamp": "2020-11-27T06:22:35.213000+00:00",
                  "ActionsEnabled": true,
                  "OKActions": [],
                  "AlarmActions": ["arn:aws:sns:ap-southeast-2:444455556666:pattern1-logging-topic"],
                  "InsufficientDataActions": [],
                  "StateValue": "INSUFFICIENT_DATA",
                  "StateReason": "Unchecked: Initial alarm creation",
                  "StateUpdatedTimestamp": "2020-11-27T06:22:35.213000+00:00",
                  "MetricName": "KMSSecurityError",
                  "Namespace": "Pattern1Application/KMSSecurity",
                  "Statistic": "Sum",
                  "Dimensions": [],
                  "Period": 10,
                  "EvaluationPeriods": 1,
                  "DatapointsToAlarm": 1,
                  "Threshold": 1.0,
                  "ComparisonOperator": "GreaterThanThreshold",
                  "TreatMissingData": "ignore",
                  "StateTransitionedTimestamp": "2020-11-27T06:22:35.213000+00:00"
              }
          ],
          "CompositeAlarms": []
      }
      """;

  @Test
  void awsDescribeOutputAsItIs() throws IOException {
    RuleSet filters = RuleFiles.parse(DESCRIBE_METRIC_FILTERS, false, "filters.json");
    RuleSet alarms = RuleFiles.parse(DESCRIBE_ALARMS, false, "alarms.json");
    assertThat(filters.metricFilters()).hasSize(1);
    MetricFilterSpec f = filters.metricFilters().get(0);
    assertThat(f.filterName()).isEqualTo("pattern1-logging-metricfilter");
    assertThat(f.logGroupName()).isEqualTo("pattern1-logging-loggroup");
    assertThat(f.metricTransformations().get(0).metricValue()).isEqualTo("1");
    AlarmDefinition a = alarms.alarms().get(0);
    assertThat(a.periodSeconds()).isEqualTo(10);
    assertThat(a.treatMissingData()).isEqualTo(TreatMissingData.ignore);
    assertThat(a.alarmActions()).containsExactly("arn:aws:sns:ap-southeast-2:444455556666:pattern1-logging-topic");
    // Both in one file.
    String both = DESCRIBE_METRIC_FILTERS.strip().replaceFirst("}$", "") + "," + DESCRIBE_ALARMS.strip().replaceFirst("^\\{", "");
    RuleSet all = RuleFiles.parse(both, false, "both.json");
    assertThat(all.metricFilters()).hasSize(1);
    assertThat(all.alarms()).hasSize(1);
  }

  @Test
  void theSameInYaml() throws IOException {
    String yaml = """
        metricFilters:
          - filterName: f
            filterPattern: '{ $.eventName = "Decrypt" }'
            logGroupName: g
            metricTransformations:
              - {metricName: M, metricNamespace: NS, metricValue: "$.latency", defaultValue: 0, unit: Milliseconds}
        MetricAlarms:
          - AlarmName: a
            Namespace: NS
            MetricName: M
            ExtendedStatistic: p99
            Period: 60
            EvaluationPeriods: 5
            DatapointsToAlarm: 3
            Threshold: 250
            ComparisonOperator: GreaterThanOrEqualToThreshold
            EvaluateLowSampleCountPercentile: ignore
        """;
    RuleSet r = RuleFiles.parse(yaml, true, "rules.yaml");
    assertThat(r.metricFilters().get(0).metricTransformations().get(0).defaultValue()).isEqualTo(0.0);
    assertThat(r.alarms().get(0).extendedStatistic().percent()).isEqualTo(99.0);
    assertThat(r.alarms().get(0).datapointsToAlarm()).isEqualTo(3);
  }

  @Test
  void unsupportedOrMistypedRulesAreRejected() {
    assertThatThrownBy(() -> RuleFiles.parse("{\"MetricAlarm\":[]}", false, "x.json")).hasMessageContaining("unknown key 'MetricAlarm'");
    assertThatThrownBy(() -> RuleFiles.parse("{\"MetricAlarms\":[{\"AlarmName\":\"m\",\"Metrics\":[]}]}", false, "x.json"))
        .hasMessageContaining("metric math");
    assertThatThrownBy(() -> RuleFiles.parse("{\"MetricAlarms\":[{\"AlarmName\":\"p\",\"Namespace\":\"N\",\"MetricName\":\"M\",\"Statistic\":\"Sum\","
        + "\"Period\":15,\"EvaluationPeriods\":1,\"Threshold\":1,\"ComparisonOperator\":\"GreaterThanThreshold\"}]}", false, "x.json"))
        .hasMessageContaining("Period must be 10, 20, 30 or a multiple of 60.");
  }

  static String kms(String eventName, String extra) {
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
        + "\"arn\":\"arn:aws:iam::111122223333:role/pattern1-app-Pattern1ECSTaskRole\"}}},\"eventTime\":\"2026-11-27T10:00:00Z\","
        + "\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"" + eventName + "\"" + extra + "}";
  }

  /** Each shipped filter against the records it is for and near misses. */
  @Test
  void rulePackFiltersMatchWhatTheyAreFor() throws IOException {
    Map<String, FilterPattern> byName = new java.util.LinkedHashMap<>();
    for (MetricFilterSpec f : RulePack.load("111122223333").metricFilters()) {
      byName.put(f.filterName(), FilterPattern.parse(f.filterPattern()));
    }
    String failedDecrypt = kms("Decrypt", ",\"errorCode\":\"IncorrectKeyException\",\"errorMessage\":\"The key ID in the request does not "
        + "identify a CMK that can perform this operation.\"");
    String pendingDeletion = kms("Encrypt", ",\"errorCode\":\"KMSInvalidStateException\",\"errorMessage\":\"arn:aws:kms:us-east-1:"
        + "111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab is pending deletion.\"");
    String grant = ",\"requestParameters\":{\"granteePrincipal\":\"%s\",\"operations\":[\"Decrypt\"]}";
    Map<String, List<String>> matches = Map.of(
        "pattern1-logging-metricfilter", List.of(failedDecrypt, pendingDeletion),
        "disable_or_delete_cmk_changes_metric", List.of(kms("DisableKey", ""), kms("ScheduleKeyDeletion", ",\"requestParameters\":{\"pendingWindowInDays\":7}")),
        "KMSKeyPendingDeletionErrorCount", List.of(pendingDeletion),
        "KMSKeyPolicyChanges", List.of(kms("PutKeyPolicy", "")),
        "KMSImportedKeyMaterialDeleted", List.of(kms("DeleteImportedKeyMaterial", "")),
        "KMSGrantToPrincipalOutsideAccount", List.of(kms("CreateGrant", String.format(grant, "arn:aws:iam::444455556666:role/partner"))));
    List<String> all = List.of(kms("Decrypt", ""), kms("EnableKey", ""), kms("CancelKeyDeletion", ""), failedDecrypt, pendingDeletion,
        kms("DisableKey", ""), kms("ScheduleKeyDeletion", ",\"requestParameters\":{\"pendingWindowInDays\":7}"), kms("PutKeyPolicy", ""),
        kms("DeleteImportedKeyMaterial", ""), kms("CreateGrant", String.format(grant, "arn:aws:iam::111122223333:role/app")),
        kms("CreateGrant", String.format(grant, "dynamodb.amazonaws.com")),
        kms("CreateGrant", String.format(grant, "arn:aws:iam::444455556666:role/partner")),
        kms("DisableKey", "").replace("kms.amazonaws.com", "cloudhsm.amazonaws.com"));
    for (Map.Entry<String, FilterPattern> f : byName.entrySet()) {
      List<String> matched = all.stream().filter(e -> f.getValue().match(e).matched()).toList();
      assertThat(matched).as(f.getKey()).containsExactlyInAnyOrderElementsOf(matches.get(f.getKey()));
    }
  }

  @Test
  void rulePackHasTheLabCisAndKmsRulesAndLoadsIntoTheEngine() throws IOException {
    RuleSet pack = RulePack.load("111122223333");
    assertThat(pack.metricFilters()).extracting(MetricFilterSpec::filterName).containsExactly(
        "pattern1-logging-metricfilter", "disable_or_delete_cmk_changes_metric", "KMSKeyPendingDeletionErrorCount",
        "KMSKeyPolicyChanges", "KMSImportedKeyMaterialDeleted", "KMSGrantToPrincipalOutsideAccount");
    assertThat(pack.metricFilters().get(0).filterPattern()).isEqualTo(
        "{ $.errorCode = \"*\" && $.eventSource= \"kms.amazonaws.com\" && $.userIdentity.sessionContext.sessionIssuer.arn = "
            + "\"arn:aws:iam::111122223333:role/pattern1-app-Pattern1ECSTaskRole\" }");
    assertThat(pack.metricFilters().get(1).filterPattern())
        .isEqualTo("{($.eventSource=kms.amazonaws.com)&&(($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}");
    assertThat(pack.metricFilters().get(2).filterPattern()).isEqualTo("{ $.eventSource = kms* && $.errorMessage = \"* is pending deletion.\"}");
    AlarmDefinition lab = pack.alarms().get(0);
    assertThat(lab.alarmName()).isEqualTo("Pattern1ApplicationKMSSecurityAlarm");
    assertThat(lab.namespace()).isEqualTo("Pattern1Application/KMSSecurity");
    assertThat(lab.metricName()).isEqualTo("KMSSecurityError");
    assertThat(lab.statisticName()).isEqualTo("Sum");
    assertThat(lab.periodSeconds()).isEqualTo(10);
    assertThat(lab.evaluationPeriods()).isEqualTo(1);
    assertThat(lab.datapointsToAlarm()).isEqualTo(1);
    assertThat(lab.threshold()).isEqualTo(1.0);
    assertThat(lab.comparisonOperator().name()).isEqualTo("GreaterThanThreshold");
    assertThat(lab.treatMissingData()).isEqualTo(TreatMissingData.ignore);
    assertThat(lab.okActions()).isEmpty();
    assertThat(lab.insufficientDataActions()).isEmpty();
    assertThat(pack.alarms()).hasSize(6);

    RuleSet other = RulePack.load("444455556666");
    assertThat(other.metricFilters().get(0).filterPattern()).contains("arn:aws:iam::444455556666:role/pattern1-app-Pattern1ECSTaskRole");
    assertThat(other.metricFilters().get(5).filterPattern()).contains("arn:aws:iam::444455556666:*");

    MetricFilters engine = new MetricFilters(new MetricStore());
    for (MetricFilterSpec f : pack.metricFilters()) {
      engine.put(f.logGroupName(), f.filterName(), f.filterPattern(), f.metricTransformations(), 0);
    }
    assertThat(engine.describe("pattern1-logging-loggroup")).hasSize(6);
  }
}
