package keywatch.server.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.Principal;
import keywatch.kms.error.KmsException;
import keywatch.kms.key.KmsKey;
import keywatch.kms.operation.Operation;
import keywatch.kms.operation.OperationContext;
import keywatch.kms.operation.Operations;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/**
 * The lab's identities as a ready profile ({@code keywatch serve --profile lab}): the app's key
 * behind {@link #KEY_ALIAS}, and the role {@link #ROLE_NAME} allowed {@code kms:*} on that key
 * only, as the lab's template (pattern1-app.yml) grants it. The role comes from
 * {@code profiles/lab.yaml}, an identity file with the key's ARN filled in.
 *
 * <p>Idempotent: an existing alias keeps its key (whatever its state; the result says so), and the
 * role is rewritten with its id kept, so applying the profile at every start changes nothing.
 */
public final class LabProfile {
  public static final String NAME = "lab";
  public static final String KEY_ALIAS = "alias/pattern1-app-key";
  public static final String ROLE_NAME = "pattern1-app-Pattern1ECSTaskRole";
  /** The lab's own words for the key (the template's OutputPattern1KMSKey description). */
  public static final String KEY_DESCRIPTION = "KMS Key used by app to encrypt / decrypt data";
  /** The lab's key policy: the default one with the template's Id. */
  private static final String KEY_POLICY = """
      {
        "Version" : "2012-10-17",
        "Id" : "key-pattern1-1",
        "Statement" : [ {
          "Sid" : "Enable IAM User Permissions",
          "Effect" : "Allow",
          "Principal" : { "AWS" : "arn:aws:iam::%s:root" },
          "Action" : "kms:*",
          "Resource" : "*"
        } ]
      }""";
  private static final String TEMPLATE = "/profiles/lab.yaml";

  /** What the profile found or made. */
  public record Applied(String keyId, String keyArn, String keyState, boolean keyCreated, String roleArn,
      boolean roleCreated) {
    /** Lines for the serve command to print. */
    public String describe() {
      return "lab profile:\n"
          + "  key   " + keyArn + " (" + KEY_ALIAS + ", " + keyState + (keyCreated ? ", created now" : ", existing") + ")\n"
          + "  role  " + roleArn + (roleCreated ? " (created now)" : " (existing; trust and KMSAccess policies re-applied)")
          + ": kms:* on that key only; the account root may assume it\n"
          + "  try:  aws sts assume-role --role-arn " + roleArn + " --role-session-name app";
    }
  }

  private LabProfile() {}

  /** Ensures the key, its alias and the role exist; safe to call at every start. */
  public static Applied apply(OperationContext kms, IdentityStore identities, Clock clock) throws IOException {
    String account = kms.accountRegion().accountId();
    Map<String, Operation> ops = Operations.all(kms);
    Caller root = new Caller(new Principal.Root(account), null, null, "keywatch-profile/" + NAME,
        kms.accountRegion().region());

    KmsKey key = existingKey(kms);
    boolean keyCreated = key == null;
    if (keyCreated) {
      ObjectNode create = Json.object();
      create.put("Description", KEY_DESCRIPTION);
      create.put("Policy", KEY_POLICY.formatted(account));
      String keyId = ops.get("CreateKey").execute(new KmsRequest(create), root).get("KeyMetadata").get("KeyId").asText();
      ObjectNode alias = Json.object();
      alias.put("AliasName", KEY_ALIAS);
      alias.put("TargetKeyId", keyId);
      ops.get("CreateAlias").execute(new KmsRequest(alias), root);
      key = kms.keys().resolve(keyId);
    }

    boolean roleCreated = identities.role(account, ROLE_NAME).isEmpty();
    IdentityFile.parse(template().replace("${ACCOUNT_ID}", account).replace("${KEY_ARN}", key.arn()),
        "profile " + NAME).apply(identities, account, new Ids(new SecureRandom()), clock);
    String roleArn = identities.role(account, ROLE_NAME).orElseThrow().arn();
    return new Applied(key.keyId(), key.arn(), key.state().awsName(), keyCreated, roleArn, roleCreated);
  }

  private static KmsKey existingKey(OperationContext kms) {
    try {
      return kms.keys().resolve(KEY_ALIAS);
    } catch (KmsException.NotFoundException e) {
      return null;
    }
  }

  static String template() throws IOException {
    try (InputStream in = LabProfile.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IOException("the lab profile's template " + TEMPLATE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
