package keywatch.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import keywatch.trail.record.JsonShape;

/** Compares a record keywatch wrote with AWS's documented example (resources {@code aws-cloudtrail-examples/}) by shape. */
final class GoldenShapes {
  /** Fields eventVersion 1.08 records have that AWS's older examples predate. */
  static final Set<String> NEWER_FIELDS = Set.of(
      "$.managementevent:boolean", "$.eventcategory:string", "$.resources[0].type:string", "$.readonly:boolean");

  /** Fields of every record keywatch writes that eventVersion 1.0 examples (the oldest) predate besides. */
  static final Set<String> ENVELOPE_1_08 = Set.of(
      "$.requestid:string", "$.eventid:string", "$.eventtype:string", "$.recipientaccountid:string");

  private static final ObjectMapper JSON = new ObjectMapper();

  private GoldenShapes() {}

  /**
   * Every field path and JSON type of AWS's example is in the record, except {@code leftOut}, and
   * the record has no other, apart from {@link #NEWER_FIELDS} and {@code extra}. userIdentity is
   * compared on its own by the tests (the harness signs as the account root, the examples as IAM
   * users). Names compare case-insensitively, since AWS's own examples spell {@code AWSAccountId}
   * both ways.
   */
  static void assertSameShape(JsonNode ours, String example, Set<String> extra, Set<String> leftOut) throws IOException {
    JsonNode aws;
    try (InputStream in = GoldenShapes.class.getResourceAsStream("/aws-cloudtrail-examples/" + example)) {
      aws = JSON.readTree(in);
    }
    Set<String> awsShape = shape(aws);
    Set<String> ourShape = shape(ours);
    Set<String> missing = new HashSet<>(awsShape);
    missing.removeAll(ourShape);
    missing.removeAll(leftOut);
    Set<String> unexpected = new HashSet<>(ourShape);
    unexpected.removeAll(awsShape);
    unexpected.removeAll(NEWER_FIELDS);
    unexpected.removeAll(extra);
    assertThat(missing).as("fields of AWS's " + example + " missing from " + ours).isEmpty();
    assertThat(unexpected).as("fields not in AWS's " + example + " in " + ours).isEmpty();
  }

  private static Set<String> shape(JsonNode n) {
    return JsonShape.of(n).stream()
        .filter(p -> !p.startsWith("$.userIdentity"))
        .map(p -> p.toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
  }
}
