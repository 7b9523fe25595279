package keywatch.iam.admin;

import java.time.Instant;
import keywatch.iam.principal.Role;
import keywatch.iam.principal.User;

/**
 * Records one IAM call (the server's {@code keywatch.server.audit.IamAudit} writes it to the trail).
 * Audited or refused, as for KMS: {@link IamProtocol} calls {@link #beforeCommit} inside its write
 * lock, after the change is validated and before anything is stored, and {@link #completed} once
 * the answer of a call that stored nothing (a read, a denial, a failure) is shaped. Either may
 * throw: then nothing is stored and the caller gets ServiceFailure (500) instead of the answer.
 *
 * <p>A change whose record was appended but whose store write then fails leaves a record of a
 * change the caller saw refused; the reverse (a change without its record) cannot happen.
 */
public interface IamCallAudit {
  /**
   * A mutating call is about to store its change.
   *
   * @param created what a Create* call stores (its responseElements come from it), else null
   */
  void beforeCommit(String requestId, String action, Created created);

  /** A call that stored nothing ends with {@code response} (success or error). */
  void completed(IamResponse response);

  /** What a creating call stores, as far as a record may show it: never a secret. */
  sealed interface Created permits NewUser, NewRole, NewAccessKey {}

  record NewUser(User user) implements Created {}

  record NewRole(Role role) implements Created {}

  /** The new key without its secret: the record can hold only what it is given. */
  record NewAccessKey(String accessKeyId, String userName, boolean active, Instant createDate) implements Created {}

  /** Records nothing: unit tests of the protocol and the server without a trail. */
  IamCallAudit NONE = new IamCallAudit() {
    @Override
    public void beforeCommit(String requestId, String action, Created created) {}

    @Override
    public void completed(IamResponse response) {}
  };
}
