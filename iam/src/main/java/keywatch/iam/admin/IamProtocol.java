package keywatch.iam.admin;

import keywatch.iam.query.QueryXml;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import keywatch.iam.authz.Authorizer;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subset of IAM that manages keywatch's principals, on AWS's query protocol (form-encoded
 * {@code Action=...&Version=2010-05-08}, XML answers in IAM's namespace, errors as
 * {@code <ErrorResponse>}), so that {@code aws iam ...} and the SDKs' IAM clients work unchanged.
 *
 * <p>Each action, in the same order: validate the parameters (ValidationError), authorize
 * {@code iam:<Action>} on the user or role it names through the caller's identity policies (the
 * account root always may), check policy documents (MalformedPolicyDocument, LimitExceeded;
 * nothing is stored when they fail), then look up and change the store under one lock, so that
 * a check and the write it guards cannot interleave with another request. Under that lock, right
 * before the write, the call is recorded ({@link IamCallAudit}): audited or refused.
 */
public final class IamProtocol {
  public static final String VERSION = "2010-05-08";
  /** SigV4 names IAM "iam"; IAM is global and clients sign for us-east-1. */
  public static final String SIGNING_SERVICE = "iam";

  private static final Logger log = LoggerFactory.getLogger(IamProtocol.class);

  private final Authorizer authorizer;
  private final Map<String, Function<IamRequest, QueryXml>> actions;

  public IamProtocol(IdentityStore identities, Authorizer authorizer, Ids ids, Clock clock) {
    this.authorizer = authorizer;
    Object writes = new Object();
    UserActions users = new UserActions(identities, ids, clock, writes);
    RoleActions roles = new RoleActions(identities, ids, clock, writes);
    AccessKeyActions keys = new AccessKeyActions(identities, users, ids, clock, writes);
    this.actions = Map.ofEntries(
        Map.entry("CreateUser", users::createUser),
        Map.entry("GetUser", users::getUser),
        Map.entry("ListUsers", users::listUsers),
        Map.entry("DeleteUser", users::deleteUser),
        Map.entry("PutUserPolicy", users::putUserPolicy),
        Map.entry("GetUserPolicy", users::getUserPolicy),
        Map.entry("ListUserPolicies", users::listUserPolicies),
        Map.entry("DeleteUserPolicy", users::deleteUserPolicy),
        Map.entry("CreateRole", roles::createRole),
        Map.entry("GetRole", roles::getRole),
        Map.entry("ListRoles", roles::listRoles),
        Map.entry("DeleteRole", roles::deleteRole),
        Map.entry("UpdateAssumeRolePolicy", roles::updateAssumeRolePolicy),
        Map.entry("PutRolePolicy", roles::putRolePolicy),
        Map.entry("GetRolePolicy", roles::getRolePolicy),
        Map.entry("ListRolePolicies", roles::listRolePolicies),
        Map.entry("DeleteRolePolicy", roles::deleteRolePolicy),
        Map.entry("CreateAccessKey", keys::createAccessKey),
        Map.entry("ListAccessKeys", keys::listAccessKeys),
        Map.entry("UpdateAccessKey", keys::updateAccessKey),
        Map.entry("DeleteAccessKey", keys::deleteAccessKey));
  }

  /** The actions served, for documentation and tests. */
  public java.util.Set<String> actions() {
    return actions.keySet();
  }

  /** Handles one call unrecorded: for tests of the protocol alone. */
  public IamResponse handle(Map<String, String> params, Principal caller, Authorizer.Call call) {
    return handle(params, caller, call, IamCallAudit.NONE);
  }

  /**
   * Handles one call from an authenticated caller, recorded by {@code audit} or refused: a mutating
   * action records itself inside the write lock before it stores ({@link IamCallAudit#beforeCommit});
   * every other outcome is recorded once its answer is shaped. If the record cannot be appended the
   * answer is ServiceFailure (500) and nothing was stored.
   */
  public IamResponse handle(Map<String, String> params, Principal caller, Authorizer.Call call, IamCallAudit audit) {
    String requestId = UUID.randomUUID().toString();
    String action = params.get("Action");
    IamRequest request = null;
    IamResponse response;
    try {
      if (action == null) {
        throw new IamException("MissingAction", 400, "Missing Action");
      }
      Function<IamRequest, QueryXml> handler = actions.get(action);
      if (handler == null) {
        throw new IamException("InvalidAction", 400, "Could not find operation " + action + " for version " + VERSION);
      }
      request = new IamRequest(action, params, caller, authorizer, call, requestId, audit);
      QueryXml result = handler.apply(request);
      QueryXml x = new QueryXml(QueryXml.IAM_NAMESPACE).openNs(action + "Response");
      if (result != null) {
        x.open(action + "Result");
        x.raw(result);
        x.close(action + "Result");
      }
      x.open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata").close(action + "Response");
      response = new IamResponse(200, x.toString().getBytes(StandardCharsets.UTF_8), requestId, action, null, null);
    } catch (IamException e) {
      response = error(e, requestId, action);
    } catch (IamRequest.Unrecorded e) {
      return refused(e, requestId, action);
    } catch (RuntimeException e) {
      log.error("internal error in IAM {} (request {}): {}", action, requestId, e.getClass().getName());
      response = error(IamException.serviceFailure(), requestId, action);
    }
    if (request != null && request.recorded()) {
      return response; // its change was recorded before it was stored
    }
    return recordedOrRefused(audit, response);
  }

  /**
   * {@code response} once {@code audit} recorded it, or ServiceFailure if it could not: for answers
   * the server shapes before the protocol is reached (a malformed form body).
   */
  public static IamResponse recordedOrRefused(IamCallAudit audit, IamResponse response) {
    try {
      audit.completed(response);
      return response;
    } catch (RuntimeException e) {
      return refused(e, response.requestId(), response.action());
    }
  }

  private static IamResponse refused(RuntimeException e, String requestId, String action) {
    log.error("IAM call {} (request {}) refused: the trail could not record it ({})", action, requestId,
        e instanceof IamRequest.Unrecorded ? e.getMessage() : e.getClass().getName());
    return error(IamException.serviceFailure(), requestId, action);
  }

  /** AWS's query-protocol error document, in IAM's namespace. */
  public static IamResponse error(IamException e, String requestId, String action) {
    QueryXml x = new QueryXml(QueryXml.IAM_NAMESPACE).openNs("ErrorResponse").open("Error")
        .element("Type", e.httpStatus() >= 500 ? "Receiver" : "Sender")
        .element("Code", e.code())
        .element("Message", e.getMessage() == null ? "" : e.getMessage())
        .close("Error").element("RequestId", requestId).close("ErrorResponse");
    return new IamResponse(e.httpStatus(), x.toString().getBytes(StandardCharsets.UTF_8), requestId, action, e.code(),
        e.getMessage());
  }
}
