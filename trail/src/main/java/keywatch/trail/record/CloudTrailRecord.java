package keywatch.trail.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds one CloudTrail record with AWS's field names and field order, as in the KMS developer
 * guide's CloudTrail examples (e.g. "Decrypt" and "Encrypt" log entries):
 *
 * <pre>
 * eventVersion, userIdentity, eventTime, eventSource, eventName, awsRegion, sourceIPAddress,
 * userAgent, [errorCode, errorMessage], requestParameters, responseElements, [additionalEventData],
 * requestID, eventID,
 * readOnly, resources, eventType, managementEvent, recipientAccountId, [serviceEventDetails],
 * eventCategory, [tlsDetails]
 * </pre>
 *
 * <p>Service events ({@code eventType} {@code AwsServiceEvent}, e.g. KMS's RotateKey and DeleteKey)
 * have no {@code requestID} ({@link Builder#withoutRequestId}) and may carry
 * {@code serviceEventDetails}.
 *
 * <p>{@code requestParameters} must never carry plaintext, ciphertext or key material: the builder
 * does not look inside it, the KMS operation that fills it is responsible.
 */
public final class CloudTrailRecord {
  public static final String EVENT_VERSION = "1.08";
  public static final String KMS_EVENT_SOURCE = "kms.amazonaws.com";
  public static final String KMS_KEY_RESOURCE_TYPE = "AWS::KMS::Key";

  private static final ObjectMapper MAPPER = CloudTrailJson.newMapper();

  private CloudTrailRecord() {}

  public static Builder builder() {
    return new Builder();
  }

  /** A resource entry: {@code {"accountId", "type", "ARN"}}. */
  public record Resource(String accountId, String type, String arn) {
    public Resource {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(arn, "arn");
    }

    public static Resource kmsKey(String keyArn) {
      // arn:aws:kms:<region>:<account>:key/<id>
      String[] parts = keyArn.split(":", 6);
      String account = parts.length > 4 ? parts[4] : null;
      return new Resource(account, KMS_KEY_RESOURCE_TYPE, keyArn);
    }
  }

  public static final class Builder {
    private String eventVersion = EVENT_VERSION;
    private UserIdentity userIdentity;
    private Instant eventTime;
    private String eventSource = KMS_EVENT_SOURCE;
    private String eventName;
    private String awsRegion;
    private String sourceIpAddress;
    private String userAgent;
    private String errorCode;
    private String errorMessage;
    private JsonNode requestParameters = NullNode.instance;
    private JsonNode responseElements = NullNode.instance;
    private JsonNode additionalEventData;
    private String requestId;
    private boolean requestIdPresent = true;
    private String eventId;
    private Boolean readOnly;
    private final List<Resource> resources = new ArrayList<>();
    private String eventType = "AwsApiCall";
    private boolean managementEvent = true;
    private String recipientAccountId;
    private String eventCategory = "Management";
    private JsonNode serviceEventDetails;
    private JsonNode tlsDetails;

    private Builder() {}

    public Builder eventVersion(String v) { this.eventVersion = v; return this; }
    public Builder userIdentity(UserIdentity v) { this.userIdentity = v; return this; }
    public Builder eventTime(Instant v) { this.eventTime = v; return this; }
    public Builder eventSource(String v) { this.eventSource = v; return this; }
    public Builder eventName(String v) { this.eventName = v; return this; }
    public Builder awsRegion(String v) { this.awsRegion = v; return this; }
    public Builder sourceIpAddress(String v) { this.sourceIpAddress = v; return this; }
    public Builder userAgent(String v) { this.userAgent = v; return this; }

    /** A failed call: both the error code (e.g. {@code IncorrectKeyException}) and its message. */
    public Builder error(String code, String message) {
      this.errorCode = Objects.requireNonNull(code, "code");
      this.errorMessage = message;
      return this;
    }

    /** {@code null} is written as JSON null, as AWS does for calls without parameters. */
    public Builder requestParameters(JsonNode v) { this.requestParameters = v == null ? NullNode.instance : v; return this; }
    /** {@code null} is written as JSON null, as AWS does for cryptographic calls. */
    public Builder responseElements(JsonNode v) { this.responseElements = v == null ? NullNode.instance : v; return this; }
    /** Optional; e.g. KMS's {@code keyMaterialId}. */
    public Builder additionalEventData(JsonNode v) { this.additionalEventData = v; return this; }
    public Builder requestId(String v) { this.requestId = v; return this; }
    /** Leaves {@code requestID} out, as AWS does for service events (no request caused them). */
    public Builder withoutRequestId() { this.requestIdPresent = false; this.requestId = null; return this; }
    /** Defaults to a random UUID. */
    public Builder eventId(String v) { this.eventId = v; return this; }
    public Builder readOnly(boolean v) { this.readOnly = v; return this; }
    public Builder resource(Resource r) { this.resources.add(Objects.requireNonNull(r)); return this; }
    public Builder kmsKeyResource(String keyArn) { return resource(Resource.kmsKey(keyArn)); }
    public Builder eventType(String v) { this.eventType = v; return this; }
    public Builder managementEvent(boolean v) { this.managementEvent = v; return this; }
    public Builder recipientAccountId(String v) { this.recipientAccountId = v; return this; }
    public Builder eventCategory(String v) { this.eventCategory = v; return this; }
    /** Optional; service events' details, e.g. RotateKey's {@code {"rotationType", "keyId"}}. */
    public Builder serviceEventDetails(JsonNode v) { this.serviceEventDetails = v; return this; }
    /** Optional; AWS adds it for calls over TLS ({@code tlsVersion}, {@code cipherSuite}, {@code clientProvidedHostHeader}). */
    public Builder tlsDetails(JsonNode v) { this.tlsDetails = v; return this; }

    /** The record as a JSON tree (tests, and the few records appended synchronously). */
    public ObjectNode build() {
      try (TokenBuffer tokens = new TokenBuffer(MAPPER, false)) {
        write(tokens);
        return (ObjectNode) MAPPER.readTree(tokens.asParser(MAPPER));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * The record as compact JSON bytes, as the trail stores it, written straight from the builder:
     * no tree and no copies. The same bytes as serializing {@link #build()} (a jqwik property
     * checks it); this is the form the KMS hot path appends.
     */
    public byte[] toJsonBytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
      try (JsonGenerator g = MAPPER.createGenerator(out)) {
        write(g);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }

    /** The one place the fields and their order are written, for both forms above. */
    private void write(JsonGenerator g) throws IOException {
      require(userIdentity, "userIdentity");
      require(eventTime, "eventTime");
      require(eventName, "eventName");
      require(awsRegion, "awsRegion");
      require(readOnly, "readOnly");
      g.writeStartObject();
      g.writeStringField("eventVersion", eventVersion);
      g.writeFieldName("userIdentity");
      writeNode(g, userIdentity.json());
      g.writeStringField("eventTime", CloudTrailJson.isoSeconds(eventTime));
      g.writeStringField("eventSource", eventSource);
      g.writeStringField("eventName", eventName);
      g.writeStringField("awsRegion", awsRegion);
      g.writeStringField("sourceIPAddress", sourceIpAddress);
      g.writeStringField("userAgent", userAgent);
      if (errorCode != null) {
        g.writeStringField("errorCode", errorCode);
        g.writeStringField("errorMessage", errorMessage);
      }
      g.writeFieldName("requestParameters");
      writeNode(g, requestParameters);
      g.writeFieldName("responseElements");
      writeNode(g, responseElements);
      if (additionalEventData != null) {
        g.writeFieldName("additionalEventData");
        writeNode(g, additionalEventData);
      }
      if (requestIdPresent) {
        g.writeStringField("requestID", requestId);
      }
      g.writeStringField("eventID", eventId != null ? eventId : RecordIds.random());
      g.writeBooleanField("readOnly", readOnly);
      if (!resources.isEmpty()) {
        g.writeArrayFieldStart("resources");
        for (Resource res : resources) {
          g.writeStartObject();
          if (res.accountId() != null) {
            g.writeStringField("accountId", res.accountId());
          }
          g.writeStringField("type", res.type());
          g.writeStringField("ARN", res.arn());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeStringField("eventType", eventType);
      g.writeBooleanField("managementEvent", managementEvent);
      g.writeStringField("recipientAccountId", recipientAccountId != null ? recipientAccountId : accountOf(userIdentity));
      if (serviceEventDetails != null) {
        g.writeFieldName("serviceEventDetails");
        writeNode(g, serviceEventDetails);
      }
      g.writeStringField("eventCategory", eventCategory);
      if (tlsDetails != null) {
        g.writeFieldName("tlsDetails");
        writeNode(g, tlsDetails);
      }
      g.writeEndObject();
    }

    /**
     * Writes a tree node straight to the generator. {@code writeTree} would go through the mapper's
     * serializer provider, a fresh one per call: on the KMS hot path that was a fifth of the record's
     * cost. Only the node types a record holds are written here; anything else goes the long way.
     */
    private static void writeNode(JsonGenerator g, JsonNode node) throws IOException {
      switch (node.getNodeType()) {
        case OBJECT -> {
          g.writeStartObject();
          for (var fields = node.fields(); fields.hasNext(); ) {
            var field = fields.next();
            g.writeFieldName(field.getKey());
            writeNode(g, field.getValue());
          }
          g.writeEndObject();
        }
        case ARRAY -> {
          g.writeStartArray();
          for (JsonNode element : node) {
            writeNode(g, element);
          }
          g.writeEndArray();
        }
        case STRING -> g.writeString(node.textValue());
        case BOOLEAN -> g.writeBoolean(node.booleanValue());
        case NULL, MISSING -> g.writeNull();
        default -> {
          if (node.isInt() || node.isLong()) {
            g.writeNumber(node.longValue());
          } else {
            g.writeTree(node);
          }
        }
      }
    }

    private static String accountOf(UserIdentity identity) {
      JsonNode account = identity.json().get("accountId");
      return account == null ? null : account.asText();
    }

    private static void require(Object value, String name) {
      if (value == null) {
        throw new IllegalStateException("CloudTrail record needs " + name);
      }
    }
  }
}
