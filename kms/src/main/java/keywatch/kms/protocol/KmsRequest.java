package keywatch.kms.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keywatch.kms.error.KmsException.SerializationException;
import keywatch.kms.error.KmsException.ValidationException;

/**
 * The body of one KMS request with typed, validated access to its fields. A field of the wrong
 * JSON type is a SerializationException; a missing or out-of-range value a ValidationException
 * worded as AWS words it ("1 validation error detected: Value ... at 'keyId' failed to satisfy
 * constraint: ..."). Field names in messages are AWS's member names with a lower-case initial.
 */
public final class KmsRequest {
  private final ObjectNode body;

  public KmsRequest(ObjectNode body) {
    this.body = body;
  }

  public ObjectNode body() {
    return body;
  }

  public boolean has(String field) {
    JsonNode n = body.get(field);
    return n != null && !n.isNull();
  }

  public String string(String field) {
    JsonNode n = present(field);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      throw typeMismatch(n, "String");
    }
    return n.textValue();
  }

  public String requiredString(String field) {
    String s = string(field);
    if (s == null) {
      throw mustNotBeNull(field);
    }
    return s;
  }

  /** A required string of {@code min}..{@code max} characters. */
  public String requiredString(String field, int min, int max) {
    return checkLength(field, requiredString(field), min, max);
  }

  /** An optional string that, when present, has {@code min}..{@code max} characters. */
  public String string(String field, int min, int max) {
    String s = string(field);
    return s == null ? null : checkLength(field, s, min, max);
  }

  public Integer integer(String field) {
    JsonNode n = present(field);
    if (n == null) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw typeMismatch(n, "Integer");
    }
    return n.intValue();
  }

  /** An optional integer that, when present, lies in {@code min}..{@code max}. */
  public Integer integer(String field, int min, int max) {
    Integer v = integer(field);
    if (v != null && v < min) {
      throw validation("Value '" + v + "' at '" + member(field) + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
    }
    if (v != null && v > max) {
      throw validation("Value '" + v + "' at '" + member(field) + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
    }
    return v;
  }

  public Boolean bool(String field) {
    JsonNode n = present(field);
    if (n == null) {
      return null;
    }
    if (!n.isBoolean()) {
      throw typeMismatch(n, "Boolean");
    }
    return n.booleanValue();
  }

  /** A base64 blob; its value is never echoed in errors (it may be secret). */
  public byte[] blob(String field, int minBytes, int maxBytes) {
    String s = string(field);
    if (s == null) {
      return null;
    }
    byte[] b;
    try {
      b = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new SerializationException("Invalid base64 in '" + member(field) + "'");
    }
    if (b.length < minBytes) {
      throw validation("Value at '" + member(field) + "' failed to satisfy constraint: Member must have length greater than or equal to " + minBytes);
    }
    if (b.length > maxBytes) {
      throw validation("Value at '" + member(field) + "' failed to satisfy constraint: Member must have length less than or equal to " + maxBytes);
    }
    return b;
  }

  public byte[] requiredBlob(String field, int minBytes, int maxBytes) {
    if (!has(field)) {
      throw mustNotBeNull(field);
    }
    return blob(field, minBytes, maxBytes);
  }

  /** A map of strings (an encryption context); empty when absent. */
  public Map<String, String> stringMap(String field) {
    JsonNode n = present(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null) {
      return out;
    }
    if (!n.isObject()) {
      throw typeMismatch(n, "Map");
    }
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw typeMismatch(e.getValue(), "String");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  /** A list of strings; empty when absent. */
  public List<String> stringList(String field) {
    JsonNode n = present(field);
    List<String> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (!n.isArray()) {
      throw typeMismatch(n, "List");
    }
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw typeMismatch(e, "String");
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** A list of objects; empty when absent. */
  public List<KmsRequest> objectList(String field) {
    JsonNode n = present(field);
    List<KmsRequest> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (!n.isArray()) {
      throw typeMismatch(n, "List");
    }
    for (JsonNode e : n) {
      if (!e.isObject()) {
        throw typeMismatch(e, "Structure");
      }
      out.add(new KmsRequest((ObjectNode) e));
    }
    return out;
  }

  /** An enum value named by AWS's string; anything else is AWS's enum-constraint ValidationException. */
  public <E extends Enum<E>> E enumValue(String field, Class<E> type) {
    String s = string(field);
    if (s == null) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(s)) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name());
    }
    throw validation("Value '" + s + "' at '" + member(field) + "' failed to satisfy constraint: Member must satisfy enum value set: " + names);
  }

  public <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
    E e = enumValue(field, type);
    if (e == null) {
      throw mustNotBeNull(field);
    }
    return e;
  }

  public static ValidationException validation(String detail) {
    return new ValidationException("1 validation error detected: " + detail);
  }

  public static ValidationException mustNotBeNull(String field) {
    return validation("Value null at '" + member(field) + "' failed to satisfy constraint: Member must not be null");
  }

  /** AWS names members in messages with a lower-case initial: KeyId becomes keyId. */
  public static String member(String field) {
    return Character.toLowerCase(field.charAt(0)) + field.substring(1);
  }

  private static String checkLength(String field, String s, int min, int max) {
    if (s.length() < min) {
      throw validation("Value '" + s + "' at '" + member(field) + "' failed to satisfy constraint: Member must have length greater than or equal to " + min);
    }
    if (s.length() > max) {
      throw validation("Value at '" + member(field) + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
    }
    return s;
  }

  private JsonNode present(String field) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() ? null : n;
  }

  private static SerializationException typeMismatch(JsonNode n, String expected) {
    String actual = switch (n.getNodeType()) {
      case NUMBER -> "NUMBER_VALUE";
      case STRING -> "STRING_VALUE";
      case BOOLEAN -> n.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE";
      case ARRAY -> "START_ARRAY";
      case OBJECT -> "START_OBJECT";
      default -> n.getNodeType() == JsonNodeType.BINARY ? "BINARY" : "VALUE";
    };
    return new SerializationException(actual + " can not be converted to " + (expected.startsWith("I") ? "an " : "a ") + expected);
  }
}
