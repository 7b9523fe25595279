package keywatch.iam.admin;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.Principal;
import keywatch.iam.principal.User;
import keywatch.iam.query.QueryXml;

/** CreateUser, GetUser, ListUsers, DeleteUser and the user's inline policies. */
final class UserActions {
  private final IdentityStore identities;
  private final Ids ids;
  private final Clock clock;
  private final Object writes;
  private final InlinePolicies policies;

  UserActions(IdentityStore identities, Ids ids, Clock clock, Object writes) {
    this.identities = identities;
    this.ids = ids;
    this.clock = clock;
    this.writes = writes;
    this.policies = new InlinePolicies(new InlinePolicies.Owner() {
      @Override public String nameParameter() { return "UserName"; }
      @Override public String noun() { return "user"; }
      @Override public int quotaChars() { return PolicyDocuments.USER_INLINE_QUOTA; }
      @Override public String arn(IamRequest r, String name) { return r.userArn(name); }
      @Override public Map<String, String> policies(IamRequest r, String name) { return existing(r, name).policies(); }
      @Override public void storePolicies(IamRequest r, String name, Map<String, String> p) {
        User u = existing(r, name);
        identities.putUser(new User(u.accountId(), u.userName(), u.userId(), u.createDate(), p));
      }
    }, writes);
  }

  QueryXml createUser(IamRequest r) {
    String name = r.requiredName("UserName", "userName");
    r.requireRootPath();
    r.authorize(r.userArn(name));
    User user;
    synchronized (writes) {
      // IAM names are unique without regard to case.
      for (User u : identities.users()) {
        if (u.accountId().equals(r.accountId()) && u.userName().equalsIgnoreCase(name)) {
          throw IamException.alreadyExists("User with name " + name + " already exists.");
        }
      }
      user = new User(r.accountId(), name, ids.userId(), clock.instant().truncatedTo(ChronoUnit.SECONDS), Map.of());
      r.beforeCommit(new IamCallAudit.NewUser(user));
      identities.putUser(user);
    }
    return user(new QueryXml(QueryXml.IAM_NAMESPACE), "User", user);
  }

  QueryXml getUser(IamRequest r) {
    String name = r.optionalName("UserName", "userName");
    if (name == null) {
      Principal caller = r.caller();
      if (caller instanceof Principal.Root root) {
        r.authorize(root.arn());
        QueryXml x = new QueryXml(QueryXml.IAM_NAMESPACE).open("User").element("UserId", root.accountId()).element("Arn", root.arn());
        identities.accessKeysOf(root.accountId(), null).stream().findFirst()
            .ifPresent(k -> x.element("CreateDate", k.createDate().truncatedTo(ChronoUnit.SECONDS).toString()));
        return x.close("User");
      }
      if (!(caller instanceof Principal.IamUser u)) {
        throw IamException.validation("Must specify userName when calling with non-User credentials");
      }
      name = u.userName();
    }
    r.authorize(r.userArn(name));
    return user(new QueryXml(QueryXml.IAM_NAMESPACE), "User", existing(r, name));
  }

  QueryXml listUsers(IamRequest r) {
    r.authorize("arn:aws:iam::" + r.accountId() + ":user/");
    return Page.listing(r, "Users", identities.users(), User::accountId, User::userName, (x, u) -> user(x, "member", u));
  }

  QueryXml deleteUser(IamRequest r) {
    String name = r.requiredName("UserName", "userName");
    r.authorize(r.userArn(name));
    synchronized (writes) {
      User user = existing(r, name);
      if (!identities.accessKeysOf(r.accountId(), name).isEmpty()) {
        throw IamException.deleteConflict("Cannot delete entity, must delete access keys first.");
      }
      if (!user.policies().isEmpty()) {
        throw IamException.deleteConflict("Cannot delete entity, must delete policies first.");
      }
      r.beforeCommit(null);
      identities.deleteUser(r.accountId(), name);
    }
    return null;
  }

  QueryXml putUserPolicy(IamRequest r) {
    return policies.put(r);
  }

  QueryXml getUserPolicy(IamRequest r) {
    return policies.get(r);
  }

  QueryXml listUserPolicies(IamRequest r) {
    return policies.list(r);
  }

  QueryXml deleteUserPolicy(IamRequest r) {
    return policies.delete(r);
  }

  User existing(IamRequest r, String name) {
    return identities.user(r.accountId(), name)
        .orElseThrow(() -> IamException.noSuchEntity("The user with name " + name + " cannot be found."));
  }

  private static QueryXml user(QueryXml x, String element, User u) {
    return x.open(element).element("Path", "/").element("UserName", u.userName()).element("UserId", u.userId())
        .element("Arn", u.arn()).element("CreateDate", u.createDate().truncatedTo(ChronoUnit.SECONDS).toString())
        .close(element);
  }
}
