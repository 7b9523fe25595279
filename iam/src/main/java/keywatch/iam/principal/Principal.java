package keywatch.iam.principal;

import java.util.Set;

/**
 * Who made a request, once authenticated: the account root, an IAM user, or a role session
 * obtained through STS AssumeRole. Shapes follow CloudTrail's {@code userIdentity}.
 */
public sealed interface Principal permits Principal.Root, Principal.IamUser, Principal.AssumedRole {

  String accountId();

  /** The caller's ARN as CloudTrail and GetCallerIdentity report it. */
  String arn();

  /** CloudTrail's {@code userIdentity.type}: Root, IAMUser or AssumedRole. */
  String type();

  /** CloudTrail's {@code principalId} (GetCallerIdentity's {@code UserId}). */
  String principalId();

  /** Every value a policy's Principal element may name to match this caller directly. */
  Set<String> policyIdentifiers();

  default boolean isRoot() {
    return this instanceof Root;
  }

  record Root(String accountId) implements Principal {
    @Override
    public String arn() {
      return "arn:aws:iam::" + accountId + ":root";
    }

    @Override
    public String type() {
      return "Root";
    }

    @Override
    public String principalId() {
      return accountId;
    }

    @Override
    public Set<String> policyIdentifiers() {
      return Set.of(arn(), accountId);
    }
  }

  record IamUser(String accountId, String userName, String userId) implements Principal {
    @Override
    public String arn() {
      return "arn:aws:iam::" + accountId + ":user/" + userName;
    }

    @Override
    public String type() {
      return "IAMUser";
    }

    @Override
    public String principalId() {
      return userId;
    }

    @Override
    public Set<String> policyIdentifiers() {
      return Set.of(arn());
    }
  }

  /**
   * A role session. Its ARN is {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}; the
   * role itself ({@code arn:aws:iam::<account>:role/<role>}) is CloudTrail's sessionIssuer.
   */
  record AssumedRole(String accountId, String roleName, String roleId, String sessionName,
      java.time.Instant sessionCreated) implements Principal {
    @Override
    public String arn() {
      return "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
    }

    public String roleArn() {
      return "arn:aws:iam::" + accountId + ":role/" + roleName;
    }

    @Override
    public String type() {
      return "AssumedRole";
    }

    @Override
    public String principalId() {
      return roleId + ":" + sessionName;
    }

    @Override
    public Set<String> policyIdentifiers() {
      return Set.of(arn(), roleArn());
    }
  }
}
