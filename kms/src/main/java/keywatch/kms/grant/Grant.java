package keywatch.kms.grant;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A grant on one key: its grantee may perform {@code operations} with the key while the
 * constraints hold, until it is retired or revoked. Immutable; grants never change, they are
 * created and deleted.
 *
 * @param name null when the grant has none
 * @param retiringPrincipal null when the grant has none
 * @param issuingAccount the ARN of the account root that owns the key, as ListGrants reports it
 */
public record Grant(
    String grantId,
    String keyId,
    String name,
    Instant creationDate,
    String granteePrincipal,
    String retiringPrincipal,
    String issuingAccount,
    List<GrantOperation> operations,
    GrantConstraints constraints) {

  public Grant {
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(granteePrincipal, "granteePrincipal");
    operations = List.copyOf(operations);
    constraints = constraints == null ? GrantConstraints.NONE : constraints;
  }

  public boolean permits(GrantOperation operation) {
    return operations.contains(operation);
  }

  /** Whether a principal known by {@code identifiers} (its ARN, its role's ARN, ...) is this grant's grantee. */
  public boolean isGrantee(Set<String> identifiers) {
    return identifiers.contains(granteePrincipal);
  }

  public boolean isRetiringPrincipal(Set<String> identifiers) {
    return retiringPrincipal != null && identifiers.contains(retiringPrincipal);
  }

  /** Whether a CreateGrant with these exact parameters would create this grant again (CreateGrant's idempotence by name). */
  public boolean sameRequest(String otherName, String grantee, String retiring, List<GrantOperation> ops,
      GrantConstraints otherConstraints) {
    return name != null && name.equals(otherName) && granteePrincipal.equals(grantee)
        && Objects.equals(retiringPrincipal, retiring) && Set.copyOf(operations).equals(Set.copyOf(ops))
        && constraints.equals(otherConstraints);
  }
}
