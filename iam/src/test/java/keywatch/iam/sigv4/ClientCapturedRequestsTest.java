package keywatch.iam.sigv4;

import static keywatch.iam.sigv4.Aws4TestSuiteTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Requests exactly as boto3 and the AWS CLI put them on the wire (captured by
 * {@code clients/capture.py}, see the resources README) must verify, and must stop verifying
 * when their body changes.
 */
class ClientCapturedRequestsTest {

  static final Credential LONG_TERM =
      Credential.longTerm("AKIACAPTUREEXAMPLE01", "capture/LONG+term/SECRET/EXAMPLEKEY000000");
  static final Credential TEMPORARY = new Credential("ASIACAPTUREEXAMPLE02",
      "capture/TEMP+secret/EXAMPLEKEY0000000000", "IQoJb3JpZ2luX2VjEXAMPLE/capture+session/token==",
      null);
  static final CredentialLookup LOOKUP = id -> Optional.ofNullable(
      Map.of(LONG_TERM.accessKeyId(), LONG_TERM, TEMPORARY.accessKeyId(), TEMPORARY).get(id));

  static final List<String> CAPTURED = List.of(
      "awscli-kms-describe-key-long-term", "awscli-kms-describe-key-session",
      "awscli-kms-encrypt-long-term", "awscli-kms-encrypt-session",
      "boto3-kms-encrypt-long-term", "boto3-kms-encrypt-session",
      "boto3-kms-list-keys-long-term", "boto3-kms-list-keys-session",
      "boto3-sts-get-caller-identity-long-term", "boto3-sts-get-caller-identity-session");

  @Test
  void everyCapturedRequestVerifiesAndNoAlteredOneDoes() {
    List<String> failures = new ArrayList<>();
    for (String name : CAPTURED) {
      SignedRequest r = RequestText.parse(resource("clients/" + name + ".http"));
      Instant sent = SigV4Verifier.parseAmzDate(KmsRequests.header(r, "X-Amz-Date").trim());
      SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(sent.plusSeconds(90),
          ZoneOffset.UTC));
      boolean session = name.endsWith("-session");
      try {
        Verified v = verifier.verify(r, LOOKUP);
        String expectedService = name.contains("-sts-") ? "sts" : "kms";
        if (!v.service().equals(expectedService) || !v.region().equals("us-east-1")
            || (v.sessionToken() != null) != session) {
          failures.add(name + ": verified as " + v);
        }
      } catch (SigV4Exception e) {
        failures.add(name + ": rejected: " + e.errorCode() + ": " + e.getMessage());
      }
      byte[] altered = (new String(r.body(), StandardCharsets.UTF_8) + " ")
          .getBytes(StandardCharsets.UTF_8);
      try {
        verifier.verify(KmsRequests.withBody(r, altered), LOOKUP);
        failures.add(name + ": accepted with an altered body");
      } catch (SigV4Exception e) {
        if (!e.errorCode().equals("InvalidSignatureException")) {
          failures.add(name + ": altered body gave " + e.errorCode());
        }
      }
    }
    assertThat(failures).isEmpty();
  }
}
