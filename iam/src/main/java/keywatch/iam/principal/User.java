package keywatch.iam.principal;

import java.time.Instant;
import java.util.Map;

/** An IAM user and its inline identity policies (name to JSON document). */
public record User(String accountId, String userName, String userId, Instant createDate, Map<String, String> policies) {
  public User {
    policies = Map.copyOf(policies);
  }

  public String arn() {
    return "arn:aws:iam::" + accountId + ":user/" + userName;
  }

  public Principal.IamUser principal() {
    return new Principal.IamUser(accountId, userName, userId);
  }
}
