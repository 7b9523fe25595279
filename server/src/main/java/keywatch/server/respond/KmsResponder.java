package keywatch.server.respond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import keywatch.iam.admin.IamProtocol;
import keywatch.iam.admin.IamResponse;
import keywatch.iam.principal.AccessKey;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Principal;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.KmsProtocol;
import keywatch.kms.protocol.KmsResponse;
import keywatch.watch.action.EvidenceRecord;
import keywatch.watch.action.Responder;
import keywatch.watch.alarm.AlarmState;
import keywatch.watch.alarm.AlarmStateChange;

/**
 * Autonomous responses to alarms, acting on KMS through {@link KmsProtocol} and on access keys
 * through the IAM API ({@link IamCalls}) in-process, as keywatch's service role, so every call is
 * authorized like anyone's and lands in the trail (or is refused when it cannot). The Caller's userAgent names the alarm and the response id:
 * {@code keywatch-responder/1 (alarm="<name>"; response=<id>; undo=<bool>)}.
 *
 * <p>Design: on an ALARM transition of a configured alarm, the evidence gives the targets (keys,
 * principals, access keys); each target becomes one response record. Guards run in this order:
 * allow-list (keys never touched), cooldown (the same action on the same target within the
 * alarm's cooldown is skipped), rate limit (keys disabled in the last hour across all alarms,
 * counted from the log, so a burst of alarms cannot pass it), then dry-run (record only) or
 * approval (record, act on {@link #approve}). All decisions take one lock, so concurrent alarms
 * cannot both pass the limit. Every record persists in {@link ResponseLog}; {@link #undo}
 * reverses a DONE response through the same path.
 */
public final class KmsResponder implements Responder {
  public static final String USER_AGENT_PREFIX = "keywatch-responder/1";
  public static final String DENY_SID_PREFIX = "KeywatchDeny";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One IAM call made in-process, through the IAM API, authorized and recorded (or refused) as if it
   * had come over HTTP: {@code IamAudit.handle} with the server's IamProtocol and IamAudit.
   */
  @FunctionalInterface
  public interface IamCalls {
    IamResponse call(Map<String, String> params, Principal caller, String sourceIp, String userAgent);
  }

  private final KmsProtocol kms;
  private final IamCalls iam;
  private final IdentityStore identities;
  private final Principal servicePrincipal;
  private final String region;
  private final ResponseLog log;
  private final Clock clock;
  private final Map<String, ResponsePolicy> policies = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param iam how access keys are deactivated and reactivated (UpdateAccessKey)
   * @param identities read only: whose access key a response targets (UpdateAccessKey needs the user name)
   */
  public KmsResponder(KmsProtocol kms, IamCalls iam, IdentityStore identities, Principal servicePrincipal, String region,
      ResponseLog log, Clock clock, List<ResponsePolicy> policies) {
    this.kms = kms;
    this.iam = iam;
    this.identities = identities;
    this.servicePrincipal = servicePrincipal;
    this.region = region;
    this.log = log;
    this.clock = clock;
    policies.forEach(this::put);
  }

  /** Configures (or replaces) the responses of one alarm. */
  public void put(ResponsePolicy policy) {
    policies.put(policy.alarmName(), policy);
  }

  public void remove(String alarmName) {
    policies.remove(alarmName);
  }

  @Override
  public void respond(AlarmStateChange change, List<EvidenceRecord> evidence) {
    ResponsePolicy policy = policies.get(change.alarmName());
    if (policy == null || change.newState() != AlarmState.ALARM) {
      return;
    }
    synchronized (this) {
      for (ResponseAction action : policy.actions()) {
        for (Target t : targets(action, evidence)) {
          decide(policy, change, action, t);
        }
      }
    }
  }

  private record Target(String keyArn, String principalArn, String accessKeyId) {}

  private static List<Target> targets(ResponseAction action, List<EvidenceRecord> evidence) {
    Set<Target> out = new LinkedHashSet<>();
    for (EvidenceRecord e : evidence) {
      switch (action) {
        case DISABLE_KEY -> {
          if (e.keyId() != null) {
            out.add(new Target(e.keyId(), null, null));
          }
        }
        case DENY_PRINCIPAL -> {
          if (e.keyId() != null && e.principal() != null && !e.principal().endsWith(":root")) {
            out.add(new Target(e.keyId(), e.principal(), null));
          }
        }
        case DEACTIVATE_ACCESS_KEY -> {
          // Temporary (ASIA) keys belong to role sessions, which expire; only long-term keys are deactivated.
          if (e.accessKeyId() != null && !e.accessKeyId().startsWith("ASIA")) {
            out.add(new Target(null, e.principal(), e.accessKeyId()));
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  private void decide(ResponsePolicy policy, AlarmStateChange change, ResponseAction action, Target t) {
    Instant now = clock.instant();
    ResponseRecord r = new ResponseRecord(UUID.randomUUID().toString(), now, now, change.alarmName(), change.stateChangeTime(),
        action, t.keyArn(), t.principalArn(), t.accessKeyId(), ResponseState.PENDING_APPROVAL, null);
    if (action != ResponseAction.DEACTIVATE_ACCESS_KEY && policy.allowListed(t.keyArn())) {
      log.insert(r.with(ResponseState.SKIPPED_ALLOW_LIST, "key is on the alarm's allow-list", now));
      return;
    }
    if (inCooldown(policy, r, now)) {
      log.insert(r.with(ResponseState.SKIPPED_COOLDOWN, "same response within " + policy.cooldown(), now));
      return;
    }
    if (action == ResponseAction.DISABLE_KEY && disabledInLastHour(now) >= policy.maxKeysDisabledPerHour()) {
      log.insert(r.with(ResponseState.SKIPPED_RATE_LIMIT, "already " + policy.maxKeysDisabledPerHour() + " key(s) disabled in the last hour", now));
      return;
    }
    if (policy.dryRun()) {
      log.insert(r.with(ResponseState.DRY_RUN, "dry run: would " + action + " " + r.target(), now));
      return;
    }
    if (policy.requireApproval()) {
      log.insert(r.with(ResponseState.PENDING_APPROVAL, "waits for: keywatch respond approve " + r.id(), now));
      return;
    }
    log.insert(r);
    execute(r);
  }

  private boolean inCooldown(ResponsePolicy policy, ResponseRecord r, Instant now) {
    Instant from = now.minus(policy.cooldown());
    for (ResponseRecord p : log.since(from)) {
      if (p.alarmName().equals(r.alarmName()) && p.action() == r.action() && java.util.Objects.equals(p.target(), r.target())
          && (p.state() == ResponseState.DONE || p.state() == ResponseState.PENDING_APPROVAL || p.state() == ResponseState.DRY_RUN)) {
        return true;
      }
    }
    return false;
  }

  /** Keys disabled by responses (done, not yet undone, or undone: each counted) in the past hour. */
  private long disabledInLastHour(Instant now) {
    return log.since(now.minus(Duration.ofHours(1))).stream()
        .filter(p -> p.action() == ResponseAction.DISABLE_KEY && (p.state() == ResponseState.DONE || p.state() == ResponseState.UNDONE))
        .count();
  }

  /**
   * Approves a response waiting for approval and carries it out (the rate limit and allow-list still hold).
   *
   * @throws UnknownResponseException no response has this id
   * @throws ResponseStateException it is not PENDING_APPROVAL
   */
  public synchronized ResponseRecord approve(String id) {
    ResponseRecord r = log.get(id).orElseThrow(() -> new UnknownResponseException(id));
    if (r.state() != ResponseState.PENDING_APPROVAL) {
      throw new ResponseStateException("response " + id + " is " + r.state() + ", not waiting for approval");
    }
    ResponsePolicy policy = policies.get(r.alarmName());
    Instant now = clock.instant();
    if (policy != null && r.action() != ResponseAction.DEACTIVATE_ACCESS_KEY && policy.allowListed(r.keyArn())) {
      ResponseRecord s = r.with(ResponseState.SKIPPED_ALLOW_LIST, "key is on the alarm's allow-list", now);
      log.update(s);
      return s;
    }
    if (policy != null && r.action() == ResponseAction.DISABLE_KEY && disabledInLastHour(now) >= policy.maxKeysDisabledPerHour()) {
      ResponseRecord s = r.with(ResponseState.SKIPPED_RATE_LIMIT, "already " + policy.maxKeysDisabledPerHour() + " key(s) disabled in the last hour", now);
      log.update(s);
      return s;
    }
    return execute(r);
  }

  /**
   * Reverses a DONE response: EnableKey, the Deny statement removed, or the access key active again.
   *
   * @throws UnknownResponseException no response has this id
   * @throws ResponseStateException it is not DONE, or the reversing call failed (the response stays DONE)
   */
  public synchronized ResponseRecord undo(String id) {
    ResponseRecord r = log.get(id).orElseThrow(() -> new UnknownResponseException(id));
    if (r.state() != ResponseState.DONE) {
      throw new ResponseStateException("response " + id + " is " + r.state() + "; only DONE responses can be undone");
    }
    String detail;
    try {
      detail = switch (r.action()) {
        case DISABLE_KEY -> {
          call("EnableKey", JSON.createObjectNode().put("KeyId", r.keyArn()), r, true);
          yield "EnableKey " + r.keyArn();
        }
        case DENY_PRINCIPAL -> {
          ObjectNode policy = getPolicy(r, true);
          ArrayNode statements = (ArrayNode) policy.path("Statement");
          for (Iterator<JsonNode> it = statements.iterator(); it.hasNext(); ) {
            if (sid(r).equals(it.next().path("Sid").asText())) {
              it.remove();
            }
          }
          putPolicy(r, policy, true);
          yield "removed statement " + sid(r) + " from the policy of " + r.keyArn();
        }
        case DEACTIVATE_ACCESS_KEY -> {
          setActive(r, true, true);
          yield "access key " + r.accessKeyId() + " active again";
        }
      };
    } catch (ResponseFailed e) {
      throw new ResponseStateException("undo of " + id + " failed: " + e.getMessage());
    }
    ResponseRecord u = r.with(ResponseState.UNDONE, detail, clock.instant());
    log.update(u);
    return u;
  }

  public List<ResponseRecord> list() {
    return log.list();
  }

  private ResponseRecord execute(ResponseRecord r) {
    ResponseRecord out;
    try {
      String detail = switch (r.action()) {
        case DISABLE_KEY -> {
          call("DisableKey", JSON.createObjectNode().put("KeyId", r.keyArn()), r, false);
          yield "DisableKey " + r.keyArn();
        }
        case DENY_PRINCIPAL -> {
          ObjectNode policy = getPolicy(r, false);
          ArrayNode statements = policy.withArray("Statement");
          ObjectNode deny = JSON.createObjectNode();
          deny.put("Sid", sid(r));
          deny.put("Effect", "Deny");
          deny.putObject("Principal").put("AWS", r.principalArn());
          deny.put("Action", "kms:*");
          deny.put("Resource", "*");
          statements.add(deny);
          putPolicy(r, policy, false);
          yield "appended Deny statement " + sid(r) + " for " + r.principalArn();
        }
        case DEACTIVATE_ACCESS_KEY -> {
          setActive(r, false, false);
          yield "access key " + r.accessKeyId() + " deactivated";
        }
      };
      out = r.with(ResponseState.DONE, detail, clock.instant());
    } catch (ResponseFailed e) {
      out = r.with(ResponseState.FAILED, e.getMessage(), clock.instant());
    }
    log.update(out);
    return out;
  }

  private static String sid(ResponseRecord r) {
    return DENY_SID_PREFIX + r.id().replace("-", "");
  }

  /**
   * UpdateAccessKey through the IAM API as the service principal, so that it is authorized and in
   * the trail like any IAM call; if its record cannot be written, IAM refuses it and the key stays
   * as it was. Only a user's key can be changed this way: a role (the service principal is one)
   * must name the user, and the account root's keys belong to no user.
   */
  private void setActive(ResponseRecord r, boolean active, boolean undo) throws ResponseFailed {
    String accessKeyId = r.accessKeyId();
    Optional<AccessKey> k = identities.accessKey(accessKeyId);
    if (k.isEmpty()) {
      throw new ResponseFailed("no access key " + accessKeyId);
    }
    if (k.get().userName() == null) {
      throw new ResponseFailed("access key " + accessKeyId + " belongs to the account root, which IAM's UpdateAccessKey"
          + " cannot change for a role");
    }
    Map<String, String> params = Map.of("Action", "UpdateAccessKey", "Version", IamProtocol.VERSION,
        "UserName", k.get().userName(), "AccessKeyId", accessKeyId, "Status", active ? "Active" : "Inactive");
    IamResponse resp = iam.call(params, servicePrincipal, "127.0.0.1", userAgent(r, undo));
    if (resp.errorCode() != null) {
      throw new ResponseFailed("UpdateAccessKey failed: " + resp.errorCode() + ": " + resp.errorMessage());
    }
  }

  private ObjectNode getPolicy(ResponseRecord r, boolean undo) throws ResponseFailed {
    JsonNode out = call("GetKeyPolicy", JSON.createObjectNode().put("KeyId", r.keyArn()).put("PolicyName", "default"), r, undo);
    try {
      return (ObjectNode) JSON.readTree(out.path("Policy").asText());
    } catch (IOException | ClassCastException e) {
      throw new ResponseFailed("key policy of " + r.keyArn() + " is not a JSON object");
    }
  }

  private void putPolicy(ResponseRecord r, ObjectNode policy, boolean undo) throws ResponseFailed {
    call("PutKeyPolicy", JSON.createObjectNode().put("KeyId", r.keyArn()).put("PolicyName", "default").put("Policy", policy.toString()), r, undo);
  }

  private JsonNode call(String operation, ObjectNode request, ResponseRecord r, boolean undo) throws ResponseFailed {
    Caller caller = new Caller(servicePrincipal, null, "127.0.0.1", userAgent(r, undo), region);
    KmsResponse resp = kms.handle(KmsProtocol.TARGET_PREFIX + operation, request.toString().getBytes(StandardCharsets.UTF_8), caller);
    if (resp.failed()) {
      throw new ResponseFailed(operation + " failed: " + resp.errorCode() + ": " + resp.errorMessage());
    }
    try {
      return JSON.readTree(resp.body());
    } catch (IOException e) {
      throw new ResponseFailed(operation + " answered no JSON");
    }
  }

  /** What the trail's userAgent shows for a response's calls: the alarm that caused it. */
  public static String userAgent(ResponseRecord r, boolean undo) {
    return USER_AGENT_PREFIX + " (alarm=\"" + r.alarmName().replace("\"", "'") + "\"; response=" + r.id() + "; undo=" + undo + ")";
  }

  private static final class ResponseFailed extends Exception {
    ResponseFailed(String message) {
      super(message);
    }
  }
}
