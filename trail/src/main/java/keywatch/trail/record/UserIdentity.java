package keywatch.trail.record;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The {@code userIdentity} element, built in the field order of AWS's documented KMS examples.
 * Factories cover the identities keywatch issues: IAM users, assumed roles (with
 * {@code sessionContext.sessionIssuer} and {@code attributes}) and the account root.
 */
public final class UserIdentity {
  private final ObjectNode json;

  private UserIdentity(ObjectNode json) {
    this.json = json;
  }

  /** {@code "type": "IAMUser"} with its user name and access key. */
  public static UserIdentity iamUser(String accountId, String principalId, String userName, String accessKeyId) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("type", "IAMUser");
    n.put("principalId", principalId);
    n.put("arn", "arn:aws:iam::" + accountId + ":user/" + userName);
    n.put("accountId", accountId);
    if (accessKeyId != null) {
      n.put("accessKeyId", accessKeyId);
    }
    n.put("userName", userName);
    return new UserIdentity(n);
  }

  /**
   * {@code "type": "AssumedRole"}: principalId is {@code <roleId>:<sessionName>}, the arn the STS
   * assumed-role arn, and the session issuer the role itself.
   */
  public static UserIdentity assumedRole(
      String accountId,
      String roleName,
      String roleId,
      String sessionName,
      String accessKeyId,
      Instant sessionCreationDate,
      boolean mfaAuthenticated) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("type", "AssumedRole");
    n.put("principalId", roleId + ":" + sessionName);
    n.put("arn", "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName);
    n.put("accountId", accountId);
    if (accessKeyId != null) {
      n.put("accessKeyId", accessKeyId);
    }
    ObjectNode context = n.putObject("sessionContext");
    ObjectNode issuer = context.putObject("sessionIssuer");
    issuer.put("type", "Role");
    issuer.put("principalId", roleId);
    issuer.put("arn", "arn:aws:iam::" + accountId + ":role/" + roleName);
    issuer.put("accountId", accountId);
    issuer.put("userName", roleName);
    context.putObject("webIdFederationData");
    ObjectNode attributes = context.putObject("attributes");
    attributes.put("creationDate", CloudTrailJson.isoSeconds(sessionCreationDate));
    attributes.put("mfaAuthenticated", Boolean.toString(mfaAuthenticated));
    return new UserIdentity(n);
  }

  /** {@code "type": "Root"}: the account's root user. */
  public static UserIdentity root(String accountId, String accessKeyId) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("type", "Root");
    n.put("principalId", accountId);
    n.put("arn", "arn:aws:iam::" + accountId + ":root");
    n.put("accountId", accountId);
    if (accessKeyId != null) {
      n.put("accessKeyId", accessKeyId);
    }
    return new UserIdentity(n);
  }

  /**
   * A service acting on its own schedule, as AWS KMS writes it for RotateKey and DeleteKey service
   * events: {@code {"accountId": ..., "invokedBy": ...}}, no type.
   */
  public static UserIdentity serviceInternal(String accountId, String invokedBy) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("accountId", accountId);
    n.put("invokedBy", invokedBy);
    return new UserIdentity(n);
  }

  /** {@code "type": "AWSService"}: a service acting for the account, named by {@code invokedBy}. */
  public static UserIdentity awsService(String invokedBy) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("type", "AWSService");
    n.put("invokedBy", invokedBy);
    return new UserIdentity(n);
  }

  /** An identity shaped elsewhere (e.g. {@code AWSService}); copied. */
  public static UserIdentity of(ObjectNode json) {
    return new UserIdentity(Objects.requireNonNull(json).deepCopy());
  }

  public ObjectNode toJson() {
    return json.deepCopy();
  }

  /** The element itself, for writing it out without a copy; callers in this package never change it. */
  ObjectNode json() {
    return json;
  }
}
