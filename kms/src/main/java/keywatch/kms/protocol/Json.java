package keywatch.kms.protocol;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;

/** JSON helpers for the AWS JSON 1.1 binding: one shared mapper, timestamps and blobs as AWS writes them. */
public final class Json {
  /** Nesting depth and number/string lengths are bounded so no request can exhaust the parser. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  static {
    // "{} trailing" or "{}{}" is malformed, not an empty request.
    MAPPER.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(32)
        .maxNumberLength(64)
        .maxStringLength(1_000_000)
        .build());
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** AWS JSON 1.1 timestamps are epoch seconds, a number with a fraction. */
  public static BigDecimal epochSeconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
  }

  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public static ArrayNode names(Collection<? extends Enum<?>> values) {
    ArrayNode a = NODES.arrayNode();
    values.forEach(v -> a.add(v.name()));
    return a;
  }
}
