package keywatch.iam.principal;

import java.time.Instant;
import java.util.Map;

/**
 * An IAM role: its trust policy decides who may assume it; its inline identity policies decide
 * what its sessions may do.
 */
public record Role(String accountId, String roleName, String roleId, Instant createDate, String trustPolicy,
    int maxSessionDurationSeconds, Map<String, String> policies) {
  public static final int DEFAULT_MAX_SESSION_SECONDS = 3600;

  public Role {
    policies = Map.copyOf(policies);
  }

  public String arn() {
    return "arn:aws:iam::" + accountId + ":role/" + roleName;
  }
}
