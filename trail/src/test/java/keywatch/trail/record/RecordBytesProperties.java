package keywatch.trail.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * The KMS hot path appends {@code toJsonBytes()}, everything else {@code build()}: for any record
 * the two must be the same JSON, byte for byte once the tree is serialized.
 */
class RecordBytesProperties {
  private static final ObjectMapper MAPPER = CloudTrailJson.newMapper();

  @Property(tries = 300)
  void bytesAndTreeAreTheSameRecord(
      @ForAll @StringLength(max = 40) String text,
      @ForAll @StringLength(max = 40) String other,
      @ForAll @IntRange(min = 0, max = 3) int identityKind,
      @ForAll boolean failed,
      @ForAll boolean withRequestId,
      @ForAll boolean readOnly,
      @ForAll long number,
      @ForAll @Size(max = 3) List<@StringLength(min = 1, max = 20) String> resourceIds,
      @ForAll @IntRange(min = 0, max = 2_000_000_000) int epochSecond) throws Exception {
    UserIdentity identity = switch (identityKind) {
      case 0 -> UserIdentity.iamUser("111122223333", "AIDA" + other, text, "AKIA" + other);
      case 1 -> UserIdentity.assumedRole("111122223333", "role-" + other, "AROA1", text, null,
          Instant.ofEpochSecond(epochSecond), false);
      case 2 -> UserIdentity.root("111122223333", null);
      default -> UserIdentity.of(JsonNodeFactory.instance.objectNode().put("type", "AWSService").put("invokedBy", text));
    };
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("keyId", text).put("numberOfBytes", number).put("flag", readOnly).putNull("nothing");
    params.putObject("encryptionContext").put(other, text);
    params.putArray("grantTokens").add(other).add(number).add(number / 7.0).addObject().put("nested", readOnly);
    CloudTrailRecord.Builder b = CloudTrailRecord.builder()
        .userIdentity(identity)
        .eventTime(Instant.ofEpochSecond(epochSecond, 123))
        .eventName(failed ? "Decrypt" : "Encrypt")
        .awsRegion("us-east-1")
        .sourceIpAddress(identityKind == 3 ? null : "10.0.0." + (epochSecond % 255))
        .userAgent(other)
        .requestParameters(identityKind == 2 ? null : params)
        .responseElements(failed ? null : JsonNodeFactory.instance.objectNode().put("keyId", other))
        .eventId("00000000-0000-4000-8000-000000000000")
        .readOnly(readOnly);
    if (failed) {
      b.error("IncorrectKeyException", text);
    }
    if (withRequestId) {
      b.requestId(text);
    } else {
      b.withoutRequestId();
    }
    for (String id : resourceIds) {
      b.kmsKeyResource("arn:aws:kms:us-east-1:111122223333:key/" + id);
    }
    if (number % 3 == 0) {
      b.additionalEventData(JsonNodeFactory.instance.objectNode().put("keyMaterialId", other));
      b.serviceEventDetails(JsonNodeFactory.instance.objectNode().put("rotationType", "AUTOMATIC"));
    }

    byte[] bytes = b.toJsonBytes();
    ObjectNode tree = b.build();
    assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(new String(MAPPER.writeValueAsBytes(tree), java.nio.charset.StandardCharsets.UTF_8));
    // Both forms are written by the same code, so also check what it wrote against the nodes it was
    // given, as Jackson itself prints them (a parsed long may come back as an int node: compare text).
    JsonNode parsed = MAPPER.readTree(bytes);
    assertThat(parsed.get("userIdentity").toString()).isEqualTo(identity.json().toString());
    if (identityKind != 2) {
      assertThat(parsed.get("requestParameters").toString()).isEqualTo(params.toString());
    }
  }
}
