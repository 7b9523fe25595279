package keywatch.kms.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import keywatch.kms.ciphertext.SymmetricCiphertext;
import keywatch.kms.error.KmsException;
import keywatch.kms.key.AccountRegion;
import keywatch.kms.key.Alias;
import keywatch.kms.key.KeyState;
import keywatch.kms.key.KmsKey;
import keywatch.kms.operation.KeyMetadataJson;
import keywatch.kms.protocol.CallAudit;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.KmsRequest;
import keywatch.kms.store.KeyStore;
import keywatch.trail.record.CloudTrailRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each KMS call into one CloudTrail record as AWS KMS writes it, and makes the call wait for
 * it: audited or refused.
 *
 * <p>Design. The record must be durable before the caller hears back, and a call whose record
 * cannot be written must change nothing. Calls that change nothing (cryptography, reads, every
 * failure) are simple: the record is appended after the operation ran and before its answer
 * leaves; if the append throws, the answer is replaced by KMSInternalException, so a ciphertext or
 * plaintext computed meanwhile is never released. Calls that change a key or an alias compute
 * their change inside {@link KeyStore}'s lock; the store calls this call's
 * {@link CallAudit.Call#beforeCommit} there, after the change is computed and validated and before
 * it is written to the repository or made visible. The record (with the response elements taken
 * from the key as it will be stored) is appended at that point; if that throws, the store writes
 * nothing and the protocol answers KMSInternalException. This needs no prepare/commit split in the
 * fifteen mutating operations, and no change can slip past it, since every write goes through the
 * store. Its costs: key-management writes wait for one fsync inside the store's lock (they are
 * rare; the crypto path takes no lock), and, if the repository write fails after the record was
 * appended, the trail holds a record of a change the caller saw refused, which the trail's own
 * rule already allows ("never the reverse").
 *
 * <p>Only allow-listed request members enter a record ({@link KmsEventFields}); response elements
 * are built from key metadata for the few operations AWS records them for, and are null otherwise.
 */
public final class TrailAuditor implements CallAudit {
  /** Where records go: {@code Trail::append}, which returns once the record is durable. */
  @FunctionalInterface
  public interface RecordSink {
    void append(ObjectNode record);

    /**
     * Appends without blocking; the future completes once the record is durable. The default
     * appends synchronously; the server's sink hands the record's bytes
     * ({@link CloudTrailRecord.Builder#toJsonBytes}) to {@code Trail::appendAsync} and lets the
     * request thread go meanwhile.
     */
    default CompletableFuture<Void> appendAsync(CloudTrailRecord.Builder record) {
      append(record.build());
      return CallAudit.RECORDED;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(TrailAuditor.class);
  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9]{1,64}");

  private final RecordSink sink;
  private final AccountRegion accountRegion;
  private final KeyStore store;
  private final Clock clock;

  public TrailAuditor(RecordSink sink, AccountRegion accountRegion, KeyStore store, Clock clock) {
    this.sink = sink;
    this.accountRegion = accountRegion;
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Call begin(String requestId, String operation, String target, Caller caller) {
    return new Recorder(requestId, operation, target, caller, clock.instant());
  }

  private final class Recorder implements Call {
    private final String requestId;
    private final String operation;
    private final String target;
    private final Caller caller;
    private final Instant eventTime;
    private KmsRequest request;
    private boolean recorded;
    private String newGrantId;

    Recorder(String requestId, String operation, String target, Caller caller, Instant eventTime) {
      this.requestId = requestId;
      this.operation = operation;
      this.target = target;
      this.caller = caller;
      this.eventTime = eventTime;
    }

    @Override
    public void request(KmsRequest request) {
      this.request = request;
    }

    @Override
    public void beforeCommit(KmsKey changed) {
      if (!recorded) {
        append(record(changed, null, null).build());
      }
    }

    @Override
    public void beforeGrantCommit(KmsKey key, String grantId) {
      newGrantId = grantId;
      beforeCommit(key);
    }

    @Override
    public CompletableFuture<Void> succeeded(ObjectNode result) {
      if (recorded) {
        return RECORDED;
      }
      return appendLast(record(null, result, null));
    }

    @Override
    public CompletableFuture<Void> failed(KmsException error) {
      if (recorded) {
        // The change was recorded and written; only shaping the answer failed afterwards.
        log.warn("request {} failed with {} after its change was recorded", requestId, error.type());
        return RECORDED;
      }
      return appendLast(record(null, null, error));
    }

    /** Inside the store's lock, before the change is written: waits until the record is durable. */
    private void append(ObjectNode record) {
      sink.append(record); // throws TrailUnavailableException: the call is refused
      recorded = true;
    }

    /** The call's last word (it changed nothing, or its change is recorded): the answer waits, the thread need not. */
    private CompletableFuture<Void> appendLast(CloudTrailRecord.Builder record) {
      CompletableFuture<Void> durable = sink.appendAsync(record);
      recorded = true;
      return durable;
    }

    private CloudTrailRecord.Builder record(KmsKey changed, ObjectNode result, KmsException error) {
      ObjectNode body = request == null ? null : request.body();
      CloudTrailRecord.Builder b = CloudTrailRecord.builder()
          .userIdentity(CallerIdentity.of(caller.principal(), caller.accessKeyId()))
          .eventTime(eventTime)
          .eventSource(CloudTrailRecord.KMS_EVENT_SOURCE)
          .eventName(eventName())
          .awsRegion(accountRegion.region())
          .sourceIpAddress(caller.sourceIpAddress())
          .userAgent(caller.userAgent());
      if (error != null) {
        b.error(errorCode(error), error.getMessage());
      }
      b.requestParameters(requestParameters(body, changed, result))
          .responseElements(error == null ? responseElements(changed, result) : null)
          .requestId(requestId)
          .readOnly(KmsEventFields.readOnly(operation));
      for (String arn : keyArns(body, changed, result)) {
        b.kmsKeyResource(arn);
      }
      return b.eventType("AwsApiCall")
          .managementEvent(true)
          .recipientAccountId(accountRegion.accountId())
          .eventCategory("Management");
    }

    private String eventName() {
      if (operation != null) {
        return operation;
      }
      String action = target == null ? "" : target.substring(target.indexOf('.') + 1);
      return ACTION.matcher(action).matches() ? action : "UnknownOperation";
    }

    /** The allow-listed members, plus the defaults AWS writes even when the request left them out. */
    private ObjectNode requestParameters(ObjectNode body, KmsKey changed, ObjectNode result) {
      ObjectNode p = KmsEventFields.requestParameters(operation, body);
      if (operation == null) {
        return p;
      }
      switch (operation) {
        case "Encrypt", "Decrypt" -> {
          // "always includes the encryptionAlgorithm ... even if [it] wasn't specified" (ct-decrypt)
          p = p == null ? JsonNodeFactory.instance.objectNode() : p;
          if (!p.has("encryptionAlgorithm")) {
            String alg = result != null && result.hasNonNull("EncryptionAlgorithm")
                ? result.get("EncryptionAlgorithm").asText() : "SYMMETRIC_DEFAULT";
            p.put("encryptionAlgorithm", alg);
          }
        }
        case "CreateKey" -> {
          if (changed != null) {
            p = p == null ? JsonNodeFactory.instance.objectNode() : p;
            p.put("description", changed.description());
            p.put("keyUsage", changed.keyUsage().name());
            p.put("keySpec", changed.keySpec().name());
            p.put("customerMasterKeySpec", changed.keySpec().name());
            p.put("origin", "AWS_KMS");
            if (!p.has("bypassPolicyLockoutSafetyCheck")) {
              p.put("bypassPolicyLockoutSafetyCheck", false);
            }
          }
        }
        default -> { }
      }
      return p;
    }

    /** AWS records response elements for a few key-management operations only; null otherwise. */
    private JsonNode responseElements(KmsKey changed, ObjectNode result) {
      if (operation == null) {
        return null;
      }
      ObjectNode r = JsonNodeFactory.instance.objectNode();
      switch (operation) {
        case "CreateKey" -> {
          JsonNode metadata = changed != null ? KeyMetadataJson.of(changed) : result == null ? null : result.get("KeyMetadata");
          if (metadata == null) {
            return null;
          }
          r.set("keyMetadata", keyMetadata(metadata));
        }
        case "ScheduleKeyDeletion" -> {
          if (changed != null && changed.state() == KeyState.PENDING_DELETION) {
            r.put("keyId", changed.arn());
            r.put("keyState", changed.state().awsName());
            r.put("deletionDate", CloudTrailDates.of(changed.deletionDate()));
            r.put("pendingWindowInDays", changed.pendingWindowInDays());
          } else if (result != null && result.hasNonNull("KeyId")) {
            r.put("keyId", result.get("KeyId").asText());
            r.put("keyState", result.path("KeyState").asText());
            r.put("deletionDate", CloudTrailDates.of(epoch(result.path("DeletionDate"))));
            r.put("pendingWindowInDays", result.path("PendingWindowInDays").asInt());
          } else {
            return null;
          }
        }
        case "CreateGrant" -> {
          // The grant id, never the grant token.
          String grantId = newGrantId != null ? newGrantId
              : result != null && result.hasNonNull("GrantId") ? result.get("GrantId").asText() : null;
          if (grantId == null) {
            return null;
          }
          r.put("grantId", grantId);
        }
        case "CancelKeyDeletion", "RotateKeyOnDemand" -> {
          String arn = changed != null ? changed.arn() : result != null && result.hasNonNull("KeyId") ? result.get("KeyId").asText() : null;
          if (arn == null) {
            return null;
          }
          r.put("keyId", arn);
        }
        default -> {
          return null;
        }
      }
      return r;
    }

    /** The keys the call involved: the changed key, the key(s) the result names, or the key(s) the request names. */
    private Set<String> keyArns(ObjectNode body, KmsKey changed, ObjectNode result) {
      Set<String> arns = new LinkedHashSet<>();
      if (changed != null) {
        arns.add(changed.arn());
      }
      if (result != null) {
        for (String f : new String[] {"SourceKeyId", "KeyId"}) {
          JsonNode v = result.get(f);
          if (v != null && v.isTextual()) {
            resolveArn(v.textValue()).ifPresent(arns::add);
          }
        }
        JsonNode metadataArn = result.path("KeyMetadata").get("Arn");
        if (metadataArn != null && metadataArn.isTextual()) {
          arns.add(metadataArn.textValue());
        }
      }
      if (arns.isEmpty() && body != null) {
        for (String f : new String[] {"KeyId", "SourceKeyId", "TargetKeyId", "AliasName", "DestinationKeyId"}) {
          JsonNode v = body.get(f);
          if (v != null && v.isTextual()) {
            resolveArn(v.textValue()).ifPresent(arns::add);
          }
        }
        if (arns.isEmpty() && ("Decrypt".equals(operation) || "ReEncrypt".equals(operation))) {
          keyNamedByCiphertext(body).ifPresent(arns::add);
        }
      }
      return arns;
    }

    /** Decrypt without KeyId: the key the symmetric ciphertext names in its header (only the id is read). */
    private Optional<String> keyNamedByCiphertext(ObjectNode body) {
      JsonNode blob = body.get("CiphertextBlob");
      if (blob == null || !blob.isTextual()) {
        return Optional.empty();
      }
      try {
        String keyId = SymmetricCiphertext.parseHeader(Base64.getDecoder().decode(blob.textValue())).keyId();
        return store.key(keyId).map(KmsKey::arn);
      } catch (RuntimeException notOurs) {
        return Optional.empty();
      }
    }
  }

  /** A key id, key ARN, alias name or alias ARN of this account and region, as the ARN of an existing key. */
  private Optional<String> resolveArn(String identifier) {
    String id = identifier;
    String prefix = accountRegion.arnPrefix();
    if (id.startsWith("arn:")) {
      if (!id.startsWith(prefix)) {
        return Optional.empty();
      }
      id = id.substring(prefix.length());
    }
    if (id.startsWith("key/")) {
      id = id.substring(4);
    }
    if (id.startsWith("alias/")) {
      Optional<Alias> alias = store.alias(id);
      if (alias.isEmpty()) {
        return Optional.empty();
      }
      id = alias.get().targetKeyId();
    }
    return store.key(id).map(KmsKey::arn);
  }

  /** AWS writes access denials as {@code AccessDenied}; every other error under its API name. */
  static String errorCode(KmsException e) {
    return e instanceof KmsException.AccessDeniedException ? "AccessDenied" : e.type();
  }

  /** KeyMetadata in CloudTrail's spelling: lower-camel names (AWSAccountId kept), dates as text. */
  private static ObjectNode keyMetadata(JsonNode metadata) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String name = f.getKey().equals("AWSAccountId") ? "AWSAccountId" : KmsEventFields.lowerCamel(f.getKey());
      if (f.getKey().endsWith("Date") && f.getValue().isNumber()) {
        out.put(name, CloudTrailDates.of(epoch(f.getValue())));
      } else {
        out.set(name, f.getValue().deepCopy());
      }
    }
    return out;
  }

  private static Instant epoch(JsonNode seconds) {
    return Instant.ofEpochMilli(seconds.decimalValue().movePointRight(3).longValue());
  }
}
