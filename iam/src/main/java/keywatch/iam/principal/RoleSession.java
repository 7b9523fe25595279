package keywatch.iam.principal;

import java.time.Instant;

/** Temporary credentials from STS AssumeRole; secret and token are held in memory and wrapped at rest. */
public record RoleSession(String accessKeyId, String accountId, String roleName, String roleId, String sessionName,
    Instant created, Instant expiration, String secretAccessKey, String sessionToken) {

  public Principal.AssumedRole principal() {
    return new Principal.AssumedRole(accountId, roleName, roleId, sessionName, created);
  }

  @Override
  public String toString() {
    return "RoleSession[" + accessKeyId + ", " + roleName + "/" + sessionName + ", expires " + expiration + "]";
  }
}
