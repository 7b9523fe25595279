package keywatch.iam.principal;

import java.time.Instant;

/**
 * A long-term access key of an IAM user, or of the account root when {@code userName} is null.
 * The secret is held here only in memory; at rest it is wrapped under the root key.
 */
public record AccessKey(String accessKeyId, String accountId, String userName, boolean active, Instant createDate,
    String secretAccessKey) {

  @Override
  public String toString() {
    return "AccessKey[" + accessKeyId + ", account " + accountId + ", user " + userName + ", active " + active + "]";
  }
}
