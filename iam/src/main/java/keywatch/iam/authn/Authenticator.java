package keywatch.iam.authn;

import java.time.Clock;
import java.util.Optional;
import keywatch.iam.principal.AccessKey;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Principal;
import keywatch.iam.principal.RoleSession;
import keywatch.iam.principal.User;
import keywatch.iam.sigv4.Credential;
import keywatch.iam.sigv4.SigV4Exception;
import keywatch.iam.sigv4.SigV4Verifier;
import keywatch.iam.sigv4.SignedRequest;
import keywatch.iam.sigv4.Verified;

/**
 * Who sent a request: verifies its SigV4 signature against the access key or role session it
 * names and turns that into a {@link Principal}. Every request goes through here; none is served
 * unsigned.
 */
public final class Authenticator {
  private final IdentityStore identities;
  private final SigV4Verifier verifier;
  private final Clock clock;

  /**
   * @param verifier checks signatures and their freshness against the wall clock
   * @param clock the clock role sessions expire by (the one STS issued them with)
   */
  public Authenticator(IdentityStore identities, SigV4Verifier verifier, Clock clock) {
    this.identities = identities;
    this.verifier = verifier;
    this.clock = clock;
  }

  /** A verified request: who sent it, and what the signature proves (key id, region, service, time). */
  public record Authenticated(Principal principal, Verified verified) {}

  /**
   * Throws {@link SigV4Exception} with AWS's error when the request is not properly signed, or
   * signed for another service, or (when {@code region} is given) for another region.
   */
  public Authenticated authenticate(SignedRequest request, String region, String service) {
    Verified v = verifier.verify(request, this::credential, region, service);
    return new Authenticated(principalOf(v.accessKeyId()), v);
  }

  private Optional<Credential> credential(String accessKeyId) {
    Optional<AccessKey> key = identities.accessKey(accessKeyId).filter(AccessKey::active);
    if (key.isPresent()) {
      return Optional.of(new Credential(accessKeyId, key.get().secretAccessKey(), null, null));
    }
    Optional<RoleSession> session = identities.session(accessKeyId);
    if (session.isPresent() && !clock.instant().isBefore(session.get().expiration())) {
      throw new SigV4Exception(SigV4Exception.Code.EXPIRED_TOKEN, "The security token included in the request is expired");
    }
    // Expiry is checked above with the sessions' own clock, so the verifier is not asked to.
    return session.map(s -> new Credential(accessKeyId, s.secretAccessKey(), s.sessionToken(), null));
  }

  private Principal principalOf(String accessKeyId) {
    Optional<AccessKey> key = identities.accessKey(accessKeyId);
    if (key.isPresent()) {
      AccessKey k = key.get();
      if (k.userName() == null) {
        return new Principal.Root(k.accountId());
      }
      return identities.user(k.accountId(), k.userName()).map(User::principal)
          .orElseThrow(() -> new SigV4Exception(SigV4Exception.Code.UNRECOGNIZED_CLIENT,
              "The security token included in the request is invalid."));
    }
    RoleSession s = identities.session(accessKeyId).orElseThrow(() -> new SigV4Exception(
        SigV4Exception.Code.UNRECOGNIZED_CLIENT, "The security token included in the request is invalid."));
    return s.principal();
  }
}
