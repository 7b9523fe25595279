package keywatch.iam.principal;

/**
 * How secrets are protected at rest: the server supplies keywatch's root-key wrapping. The
 * {@code purpose} is bound to the wrapped bytes, so a wrapped secret cannot be moved to another row.
 */
public interface SecretWrapping {
  byte[] wrap(byte[] secret, String purpose);

  byte[] unwrap(byte[] wrapped, String purpose);
}
