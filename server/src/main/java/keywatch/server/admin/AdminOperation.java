package keywatch.server.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One action of the admin API: validate the request, call the domain, shape the answer. */
public interface AdminOperation {
  /**
   * @return the answer's JSON object
   * @throws AdminError with the AWS-shaped error to answer
   */
  ObjectNode handle(ObjectNode request);

  /** Whether the call only reads (CloudTrail's {@code readOnly}). */
  boolean readOnly();

  /** What the trail records of the request (identifiers only); null for nothing. */
  default ObjectNode requestParameters(ObjectNode request) {
    return null;
  }

  /** A required string member of the request. */
  static String requiredString(ObjectNode request, String name) {
    if (!request.hasNonNull(name)) {
      throw AdminError.validation("1 validation error detected: Value null at '" + lowerFirst(name)
          + "' failed to satisfy constraint: Member must not be null");
    }
    if (!request.get(name).isTextual() || request.get(name).asText().isEmpty() || request.get(name).asText().length() > 128) {
      throw AdminError.validation(name + " must be a string of 1 to 128 characters");
    }
    return request.get(name).asText();
  }

  private static String lowerFirst(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
