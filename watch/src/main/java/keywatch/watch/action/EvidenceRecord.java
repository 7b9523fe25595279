package keywatch.watch.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The summary of one log event that fed a breaching datapoint: who, on which key, what, with
 * which error, from where, when. Read from a CloudTrail record; fields a record lacks are null.
 *
 * @param principal the role ARN for an assumed role (CloudTrail's sessionIssuer), else the caller's ARN
 * @param keyId the key ARN from {@code resources}, else {@code requestParameters.keyId}
 */
public record EvidenceRecord(
    String eventTime, String principal, String accessKeyId, String keyId, String eventSource, String eventName,
    String errorCode, String sourceIPAddress, String eventID) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Null if the message is not JSON. */
  public static EvidenceRecord fromCloudTrail(String message) {
    JsonNode r;
    try {
      r = JSON.readTree(message);
    } catch (IOException e) {
      return null;
    }
    if (r == null || !r.isObject()) {
      return null;
    }
    JsonNode id = r.path("userIdentity");
    String principal = text(id.path("sessionContext").path("sessionIssuer").path("arn"));
    if (principal == null) {
      principal = text(id.path("arn"));
    }
    String key = null;
    for (JsonNode res : r.path("resources")) {
      if ("AWS::KMS::Key".equals(text(res.path("type")))) {
        key = text(res.path("ARN"));
      }
    }
    if (key == null) {
      key = text(r.path("requestParameters").path("keyId"));
    }
    return new EvidenceRecord(text(r.path("eventTime")), principal, text(id.path("accessKeyId")), key,
        text(r.path("eventSource")), text(r.path("eventName")), text(r.path("errorCode")),
        text(r.path("sourceIPAddress")), text(r.path("eventID")));
  }

  private static String text(JsonNode n) {
    return n.isValueNode() && !n.isNull() ? n.asText() : null;
  }

  public String summary() {
    return eventTime + "  " + eventName + (errorCode == null ? "" : " " + errorCode) + "  by " + principal
        + (accessKeyId == null ? "" : " (" + accessKeyId + ")") + "  key " + keyId + "  from " + sourceIPAddress;
  }
}
