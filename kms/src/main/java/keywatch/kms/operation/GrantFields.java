package keywatch.kms.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import keywatch.kms.error.KmsException.InvalidArnException;
import keywatch.kms.error.KmsException.InvalidGrantIdException;
import keywatch.kms.error.KmsException.InvalidGrantTokenException;
import keywatch.kms.error.KmsException.NotFoundException;
import keywatch.kms.error.KmsException.SerializationException;
import keywatch.kms.grant.Grant;
import keywatch.kms.grant.GrantConstraints;
import keywatch.kms.grant.GrantOperation;
import keywatch.kms.grant.GrantToken;
import keywatch.kms.key.AccountRegion;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/**
 * The request fields the grant operations share (principals, grant ids, operations, constraints,
 * grant tokens), validated with AWS's constraints, and the GrantListEntry shape of ListGrants and
 * ListRetirableGrants.
 */
public final class GrantFields {
  /** AWS's pattern for PrincipalIdType. */
  private static final Pattern PRINCIPAL = Pattern.compile("^[\\w+=,.@:/-]+$");
  private static final Pattern PRINCIPAL_ARN = Pattern.compile(
      "^arn:aws:(iam::\\d{12}:(root|user/.+|role/.+)|sts::\\d{12}:assumed-role/[^/]+/.+)$");
  private static final Pattern SERVICE_PRINCIPAL = Pattern.compile("^[a-z0-9.-]+\\.amazonaws\\.com$");
  private static final Pattern ACCOUNT_ID = Pattern.compile("^\\d{12}$");
  private static final Pattern GRANT_NAME = Pattern.compile("^[a-zA-Z0-9:/_-]+$");
  private static final Pattern GRANT_ID = Pattern.compile("^[0-9a-f]{64}$");
  static final int MAX_GRANT_TOKENS = 10;
  static final int MAX_GRANT_TOKEN_CHARS = 8192;

  /** The operations whose requests carry a GrantTokens list. */
  public static final Set<String> TAKE_GRANT_TOKENS = Set.of("Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey",
      "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "Sign",
      "Verify", "GetPublicKey", "GenerateMac", "VerifyMac", "DescribeKey", "CreateGrant");

  private GrantFields() {}

  /**
   * Validates a request's GrantTokens: at most 10, each 1..8192 characters and a token keywatch
   * issued (InvalidGrantTokenException otherwise). Returns the grant ids they name. keywatch is
   * strongly consistent, so the grants act without them; they are checked, not needed.
   */
  public static List<String> grantTokens(KmsRequest request) {
    List<String> tokens = request.stringList("GrantTokens");
    if (tokens.size() > MAX_GRANT_TOKENS) {
      throw KmsRequest.validation("Value '" + tokens + "' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to " + MAX_GRANT_TOKENS);
    }
    List<String> grantIds = new ArrayList<>();
    for (String t : tokens) {
      grantIds.add(grantIdOfToken(t, "grantTokens"));
    }
    return grantIds;
  }

  /** The grant id a token names; InvalidGrantTokenException if it is not a token keywatch issued. */
  static String grantIdOfToken(String token, String member) {
    if (token.isEmpty()) {
      throw KmsRequest.validation("Value '' at '" + member + "' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    if (token.length() > MAX_GRANT_TOKEN_CHARS) {
      throw KmsRequest.validation("Value at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to " + MAX_GRANT_TOKEN_CHARS);
    }
    String id = GrantToken.grantIdOf(token);
    if (id == null) {
      throw new InvalidGrantTokenException("Invalid grant token.");
    }
    return id;
  }

  /** A principal field (GranteePrincipal, RetiringPrincipal): an IAM or STS ARN, an account id or a service principal. */
  static String principal(KmsRequest request, String field, boolean required) {
    String p = required ? request.requiredString(field, 1, 256) : request.string(field, 1, 256);
    if (p == null) {
      return null;
    }
    requirePattern(field, p, PRINCIPAL, "^[\\w+=,.@:/-]+$");
    if (!PRINCIPAL_ARN.matcher(p).matches() && !SERVICE_PRINCIPAL.matcher(p).matches()
        && !ACCOUNT_ID.matcher(p).matches()) {
      throw new InvalidArnException("ARN does not refer to a valid principal: " + p);
    }
    return p;
  }

  /** A grant name, when present: 1..256 characters of {@code [a-zA-Z0-9:/_-]}. */
  static String name(KmsRequest request) {
    String n = request.string("Name", 1, 256);
    if (n != null) {
      requirePattern("Name", n, GRANT_NAME, "^[a-zA-Z0-9:/_-]+$");
    }
    return n;
  }

  /** A grant id, when present: 1..128 characters, and (keywatch's ids) 64 lower-case hex digits. */
  static String grantId(KmsRequest request, boolean required) {
    String id = required ? request.requiredString("GrantId", 1, 128) : request.string("GrantId", 1, 128);
    if (id != null && !GRANT_ID.matcher(id).matches()) {
      throw new InvalidGrantIdException("Invalid grant ID " + id);
    }
    return id;
  }

  /** The grant with {@code grantId} on the key {@code keyId}; NotFoundException if there is none. */
  static Grant grantOnKey(OperationContext ctx, String keyId, String grantId) {
    return ctx.store().grant(grantId).filter(g -> g.keyId().equals(keyId))
        .orElseThrow(() -> new NotFoundException("Grant ID " + grantId + " not found"));
  }

  /** The Operations list of CreateGrant: at least one, each one of AWS's grant operations, duplicates dropped. */
  static List<GrantOperation> operations(KmsRequest request) {
    if (!request.has("Operations")) {
      throw KmsRequest.mustNotBeNull("Operations");
    }
    List<String> names = request.stringList("Operations");
    List<GrantOperation> ops = new ArrayList<>();
    for (String n : names) {
      GrantOperation op = GrantOperation.fromAwsName(n);
      if (op == null) {
        List<String> all = new ArrayList<>();
        for (GrantOperation o : GrantOperation.values()) {
          all.add(o.awsName());
        }
        throw KmsRequest.validation("Value '" + names + "' at 'operations' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: " + all + "]");
      }
      if (!ops.contains(op)) {
        ops.add(op);
      }
    }
    if (ops.isEmpty()) {
      throw KmsRequest.validation("Value '[]' at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    return ops;
  }

  /** The Constraints structure of CreateGrant; {@link GrantConstraints#NONE} when absent. */
  static GrantConstraints constraints(KmsRequest request) {
    if (!request.has("Constraints")) {
      return GrantConstraints.NONE;
    }
    JsonNode n = request.body().get("Constraints");
    if (!n.isObject()) {
      throw new SerializationException("Start of structure or map expected");
    }
    KmsRequest c = new KmsRequest((ObjectNode) n);
    return new GrantConstraints(c.stringMap("EncryptionContextEquals"), c.stringMap("EncryptionContextSubset"));
  }

  /** A GrantListEntry as ListGrants and ListRetirableGrants return it. */
  static ObjectNode entry(Grant g, AccountRegion accountRegion) {
    ObjectNode o = Json.object();
    o.put("KeyId", accountRegion.keyArn(g.keyId()));
    o.put("GrantId", g.grantId());
    if (g.name() != null) {
      o.put("Name", g.name());
    }
    o.put("CreationDate", Json.epochSeconds(g.creationDate()));
    o.put("GranteePrincipal", g.granteePrincipal());
    if (g.retiringPrincipal() != null) {
      o.put("RetiringPrincipal", g.retiringPrincipal());
    }
    o.put("IssuingAccount", g.issuingAccount());
    g.operations().forEach(op -> o.withArrayProperty("Operations").add(op.awsName()));
    if (!g.constraints().isEmpty()) {
      ObjectNode c = o.putObject("Constraints");
      if (g.constraints().hasSubset()) {
        putMap(c.putObject("EncryptionContextSubset"), g.constraints().subsetContext());
      }
      if (g.constraints().hasEquals()) {
        putMap(c.putObject("EncryptionContextEquals"), g.constraints().equalsContext());
      }
    }
    return o;
  }

  private static void putMap(ObjectNode o, Map<String, String> m) {
    m.forEach(o::put);
  }

  private static void requirePattern(String field, String value, Pattern pattern, String shown) {
    if (!pattern.matcher(value).matches()) {
      throw KmsRequest.validation("Value '" + value + "' at '" + KmsRequest.member(field)
          + "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + shown);
    }
  }
}
