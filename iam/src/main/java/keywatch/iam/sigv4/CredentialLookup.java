package keywatch.iam.sigv4;

import java.util.Optional;

/** Finds the secret for an access key id; empty when keywatch does not know the id. */
@FunctionalInterface
public interface CredentialLookup {
  Optional<Credential> find(String accessKeyId);
}
