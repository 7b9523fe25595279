package keywatch.iam.admin;

import java.util.Map;
import java.util.regex.Pattern;
import keywatch.iam.authz.Authorizer;
import keywatch.iam.policy.Decision;
import keywatch.iam.policy.Evaluation;
import keywatch.iam.principal.Principal;

/**
 * One IAM call: its form parameters, read and validated with IAM's constraint messages, the
 * caller, authorized for {@code iam:<Action>} on the resource the action names, and the call's
 * record, which every mutating action appends through {@link #beforeCommit} right before it stores.
 */
final class IamRequest {
  static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
  static final Pattern ACCESS_KEY_ID = Pattern.compile("\\w+");

  private final String action;
  private final Map<String, String> params;
  private final Principal caller;
  private final Authorizer authorizer;
  private final Authorizer.Call call;
  private final String requestId;
  private final IamCallAudit audit;
  private boolean recorded;

  IamRequest(String action, Map<String, String> params, Principal caller, Authorizer authorizer, Authorizer.Call call,
      String requestId, IamCallAudit audit) {
    this.action = action;
    this.params = params;
    this.caller = caller;
    this.authorizer = authorizer;
    this.call = call;
    this.requestId = requestId;
    this.audit = audit;
  }

  /** The call could not be recorded: nothing may be stored, and the caller gets ServiceFailure. */
  static final class Unrecorded extends RuntimeException {
    Unrecorded(RuntimeException cause) {
      super(cause.getClass().getName(), null, false, false); // the cause's message is not kept: it is not ours to log
    }
  }

  /**
   * Records the call's change; call it inside the write lock, after every check and right before
   * the store is written. Throws {@link Unrecorded} if the record cannot be appended.
   *
   * @param created what a Create* call is about to store, else null
   */
  void beforeCommit(IamCallAudit.Created created) {
    if (recorded) {
      return;
    }
    try {
      audit.beforeCommit(requestId, action, created);
    } catch (RuntimeException e) {
      throw new Unrecorded(e);
    }
    recorded = true;
  }

  /** Whether {@link #beforeCommit} recorded the call. */
  boolean recorded() {
    return recorded;
  }

  Principal caller() {
    return caller;
  }

  String accountId() {
    return caller.accountId();
  }

  /** A required member; {@code member} is the parameter's name in IAM's model (lower camel case). */
  String required(String param, String member, Pattern pattern, int maxLength) {
    String v = params.get(param);
    if (v == null) {
      throw IamException.validation("1 validation error detected: Value null at '" + member
          + "' failed to satisfy constraint: Member must not be null");
    }
    return check(v, member, pattern, 1, maxLength);
  }

  /** An optional member, null when absent. */
  String optional(String param, String member, Pattern pattern, int maxLength) {
    String v = params.get(param);
    return v == null ? null : check(v, member, pattern, 1, maxLength);
  }

  String requiredName(String param, String member) {
    return required(param, member, NAME, 64);
  }

  String optionalName(String param, String member) {
    return optional(param, member, NAME, 64);
  }

  String policyName() {
    return required("PolicyName", "policyName", NAME, 128);
  }

  /** A policy document parameter: IAM accepts up to 131,072 characters; what is inside is checked elsewhere. */
  String policyDocument(String param, String member) {
    return required(param, member, null, PolicyDocuments.MAX_PARAMETER_CHARS);
  }

  Integer optionalInt(String param, String member, int min, int max) {
    String v = params.get(param);
    if (v == null) {
      return null;
    }
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw IamException.validation("1 validation error detected: Value '" + v + "' at '" + member
          + "' failed to satisfy constraint: Member must be a number");
    }
    if (n < min) {
      throw IamException.validation("1 validation error detected: Value '" + n + "' at '" + member
          + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
    }
    if (n > max) {
      throw IamException.validation("1 validation error detected: Value '" + n + "' at '" + member
          + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
    }
    return n;
  }

  String raw(String param) {
    return params.get(param);
  }

  /** keywatch keeps every user and role at path "/": any other path is refused rather than dropped. */
  void requireRootPath() {
    String path = params.get("Path");
    if (path != null && !path.equals("/")) {
      throw IamException.validation("keywatch supports only the path \"/\" for users and roles, not '" + path + "'");
    }
  }

  /** Fails with IAM's AccessDenied unless the caller may perform this action on {@code resourceArn}. */
  void authorize(String resourceArn) {
    String iamAction = "iam:" + action;
    Evaluation e = authorizer.onAccount(caller, iamAction, resourceArn, call);
    if (e.decision() == Decision.ALLOW) {
      return;
    }
    String why = e.decision() == Decision.EXPLICIT_DENY ? "with an explicit deny in an identity-based policy"
        : "because no identity-based policy allows the " + iamAction + " action";
    throw IamException.accessDenied("User: " + caller.arn() + " is not authorized to perform: " + iamAction
        + " on resource: " + resourceArn + " " + why);
  }

  String userArn(String userName) {
    return "arn:aws:iam::" + accountId() + ":user/" + userName;
  }

  String roleArn(String roleName) {
    return "arn:aws:iam::" + accountId() + ":role/" + roleName;
  }

  private static String check(String v, String member, Pattern pattern, int minLength, int maxLength) {
    if (v.length() < minLength) {
      throw IamException.validation("1 validation error detected: Value '" + v + "' at '" + member
          + "' failed to satisfy constraint: Member must have length greater than or equal to " + minLength);
    }
    if (v.length() > maxLength) {
      // The value itself is not echoed: it may be a 100 KB policy.
      throw IamException.validation("1 validation error detected: Value at '" + member
          + "' failed to satisfy constraint: Member must have length less than or equal to " + maxLength);
    }
    if (pattern != null && !pattern.matcher(v).matches()) {
      throw IamException.validation("1 validation error detected: Value '" + v + "' at '" + member
          + "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + pattern.pattern());
    }
    return v;
  }
}
