package keywatch.watch.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import keywatch.watch.event.LogEvent;
import org.junit.jupiter.api.Test;

/**
 * The lab's metric filter, verbatim (LAB.md section 3, from AWS Well-Architected "Level 300:
 * Autonomous Monitoring of Cryptographic Activity with KMS"), against CloudTrail Decrypt records.
 */
class LabPatternTest {
  static final String ROLE = "arn:aws:iam::111122223333:role/pattern1-app-Pattern1ECSTaskRole";
  static final String LAB_PATTERN =
      "{ $.errorCode = \"*\" && $.eventSource= \"kms.amazonaws.com\" && $.userIdentity.sessionContext.sessionIssuer.arn = \""
          + ROLE
          + "\" }";

  static String decrypt(String errorCode, String eventSource, String roleArn) {
    String error =
        errorCode == null
            ? ""
            : "\"errorCode\":\"" + errorCode + "\",\"errorMessage\":\"The key ID in the request does not identify a CMK that can perform this operation.\",";
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:task\","
        + "\"arn\":\"arn:aws:sts::111122223333:assumed-role/pattern1-app-Pattern1ECSTaskRole/task\",\"accountId\":\"111122223333\","
        + "\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\",\"arn\":\""
        + roleArn
        + "\",\"accountId\":\"111122223333\",\"userName\":\"pattern1-app-Pattern1ECSTaskRole\"},"
        + "\"attributes\":{\"creationDate\":\"2020-11-20T01:00:00Z\",\"mfaAuthenticated\":\"false\"}}},"
        + "\"eventTime\":\"2020-11-20T01:02:03Z\",\"eventSource\":\""
        + eventSource
        + "\",\"eventName\":\"Decrypt\",\"awsRegion\":\"ap-southeast-2\",\"sourceIPAddress\":\"10.0.1.15\","
        + "\"userAgent\":\"aws-sdk-java/2.20.0\","
        + error
        + "\"requestParameters\":{\"keyId\":\"some-random-false-key\",\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"},"
        + "\"responseElements\":null,\"requestID\":\"3c5f1a2e-0000-4000-8000-000000000001\","
        + "\"eventID\":\"9b1c2d3e-0000-4000-8000-000000000002\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
        + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
  }

  private final FilterPattern lab = FilterPattern.parse(LAB_PATTERN);

  @Test
  void matchesAFailedDecryptByTheAppRole() {
    LogEvent e = new LogEvent(1_605_834_123_000L, decrypt("IncorrectKeyException", "kms.amazonaws.com", ROLE));
    MatchResult r = lab.match(e);
    assertThat(r.matched()).isTrue();
    assertThat(r.valueOf("$.errorCode")).contains("IncorrectKeyException");
    assertThat(r.valueOf("$.readOnly")).contains("true");
  }

  @Test
  void matchesAnyErrorCode() {
    assertThat(lab.match(decrypt("NotFoundException", "kms.amazonaws.com", ROLE)).matched()).isTrue();
  }

  @Test
  void doesNotMatchASuccessfulDecrypt() {
    assertThat(lab.match(decrypt(null, "kms.amazonaws.com", ROLE)).matched()).isFalse();
  }

  @Test
  void doesNotMatchAnotherRole() {
    String other = "arn:aws:iam::111122223333:role/someone-else";
    assertThat(lab.match(decrypt("IncorrectKeyException", "kms.amazonaws.com", other)).matched()).isFalse();
    assertThat(lab.match(decrypt("IncorrectKeyException", "kms.amazonaws.com", ROLE + "2")).matched()).isFalse();
  }

  @Test
  void doesNotMatchAnotherService() {
    assertThat(lab.match(decrypt("AccessDenied", "s3.amazonaws.com", ROLE)).matched()).isFalse();
  }

  @Test
  void doesNotMatchWhenTheFieldsAreOnlyMentionedElsewhere() {
    String tricky =
        "{\"note\":\"errorCode kms.amazonaws.com " + ROLE + "\",\"eventSource\":\"kms.amazonaws.com\"}";
    assertThat(lab.match(tricky).matched()).isFalse();
  }

  @Test
  void theSameEventObjectIsSharedAcrossPatterns() {
    LogEvent e = new LogEvent(0, decrypt("IncorrectKeyException", "kms.amazonaws.com", ROLE));
    FilterPattern decryptOnly = FilterPattern.parse("{ $.eventName = \"Decrypt\" }");
    assertThat(lab.match(e).matched()).isTrue();
    assertThat(decryptOnly.match(e).matched()).isTrue();
    assertThat(FilterPattern.parse("{ $.eventName = \"Encrypt\" }").match(e).matched()).isFalse();
  }

  @Test
  void printsAndReparsesToTheSameAst() {
    String printed = PatternPrinter.print(lab.ast());
    assertThat(printed)
        .isEqualTo(
            "{ $.errorCode = \"*\" && $.eventSource = \"kms.amazonaws.com\" && $.userIdentity.sessionContext.sessionIssuer.arn = \""
                + ROLE
                + "\" }");
    assertThat(PatternParser.parse(printed)).isEqualTo(lab.ast());
  }
}
