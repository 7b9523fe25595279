package keywatch.kms.grant;

import java.util.EnumSet;
import java.util.Set;
import keywatch.kms.key.KeySpec;
import keywatch.kms.key.KeyUsage;
import keywatch.kms.key.KmsKey;

/**
 * The operations a grant may permit, each mapped one to one to AWS's string. A grant permits an
 * operation, not an IAM action: ReEncrypt is two grant operations, ReEncryptFrom and ReEncryptTo.
 */
public enum GrantOperation {
  DECRYPT("Decrypt"),
  ENCRYPT("Encrypt"),
  GENERATE_DATA_KEY("GenerateDataKey"),
  GENERATE_DATA_KEY_WITHOUT_PLAINTEXT("GenerateDataKeyWithoutPlaintext"),
  RE_ENCRYPT_FROM("ReEncryptFrom"),
  RE_ENCRYPT_TO("ReEncryptTo"),
  SIGN("Sign"),
  VERIFY("Verify"),
  GET_PUBLIC_KEY("GetPublicKey"),
  CREATE_GRANT("CreateGrant"),
  RETIRE_GRANT("RetireGrant"),
  DESCRIBE_KEY("DescribeKey"),
  GENERATE_DATA_KEY_PAIR("GenerateDataKeyPair"),
  GENERATE_DATA_KEY_PAIR_WITHOUT_PLAINTEXT("GenerateDataKeyPairWithoutPlaintext"),
  GENERATE_MAC("GenerateMac"),
  VERIFY_MAC("VerifyMac"),
  DERIVE_SHARED_SECRET("DeriveSharedSecret");

  /** Operations that take an encryption context, so an encryption-context constraint can apply to them. */
  private static final Set<GrantOperation> WITH_CONTEXT = EnumSet.of(DECRYPT, ENCRYPT, GENERATE_DATA_KEY,
      GENERATE_DATA_KEY_WITHOUT_PLAINTEXT, RE_ENCRYPT_FROM, RE_ENCRYPT_TO, GENERATE_DATA_KEY_PAIR,
      GENERATE_DATA_KEY_PAIR_WITHOUT_PLAINTEXT);

  /** Operations a constraint does not apply to, so they may sit in a constrained grant. */
  private static final Set<GrantOperation> CONSTRAINT_EXEMPT = EnumSet.of(CREATE_GRANT, RETIRE_GRANT, DESCRIBE_KEY);

  private final String awsName;

  GrantOperation(String awsName) {
    this.awsName = awsName;
  }

  public String awsName() {
    return awsName;
  }

  /** The operation an AWS string names, or null. */
  public static GrantOperation fromAwsName(String name) {
    for (GrantOperation o : values()) {
      if (o.awsName.equals(name)) {
        return o;
      }
    }
    return null;
  }

  /** The grant operation that permits an IAM action ({@code kms:Decrypt}), or null if no grant can. */
  public static GrantOperation forAction(String action) {
    return action.startsWith("kms:") ? fromAwsName(action.substring(4)) : null;
  }

  public boolean takesEncryptionContext() {
    return WITH_CONTEXT.contains(this);
  }

  /** Whether an encryption-context constraint may accompany this operation in a grant. */
  public boolean allowsConstraint() {
    return WITH_CONTEXT.contains(this) || CONSTRAINT_EXEMPT.contains(this);
  }

  /** Whether the operation can be performed with {@code key} at all (by its key spec and usage). */
  public boolean validFor(KmsKey key) {
    boolean symmetricEncryption = key.keySpec() == KeySpec.SYMMETRIC_DEFAULT;
    return switch (this) {
      case CREATE_GRANT, RETIRE_GRANT, DESCRIBE_KEY -> true;
      case ENCRYPT, DECRYPT, RE_ENCRYPT_FROM, RE_ENCRYPT_TO -> key.keyUsage() == KeyUsage.ENCRYPT_DECRYPT;
      case GENERATE_DATA_KEY, GENERATE_DATA_KEY_WITHOUT_PLAINTEXT, GENERATE_DATA_KEY_PAIR,
          GENERATE_DATA_KEY_PAIR_WITHOUT_PLAINTEXT -> symmetricEncryption;
      case GET_PUBLIC_KEY -> key.keySpec().isAsymmetric();
      case SIGN, VERIFY -> key.keyUsage() == KeyUsage.SIGN_VERIFY;
      case GENERATE_MAC, VERIFY_MAC -> key.keyUsage() == KeyUsage.GENERATE_VERIFY_MAC;
      case DERIVE_SHARED_SECRET -> false; // keywatch has no KEY_AGREEMENT keys
    };
  }
}
