package keywatch.iam.admin;

import keywatch.iam.query.QueryXml;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import keywatch.iam.principal.AccessKey;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.Principal;

/**
 * CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey. Without UserName they act
 * on the caller's own keys (a user's, or the account root's), as IAM does. The secret goes out
 * once, in CreateAccessKey's answer; the store keeps it only wrapped.
 */
final class AccessKeyActions {
  /** IAM's quota of access keys per user (and for the root). */
  static final int KEYS_PER_USER = 2;

  private final IdentityStore identities;
  private final UserActions users;
  private final Ids ids;
  private final Clock clock;
  private final Object writes;

  AccessKeyActions(IdentityStore identities, UserActions users, Ids ids, Clock clock, Object writes) {
    this.identities = identities;
    this.users = users;
    this.ids = ids;
    this.clock = clock;
    this.writes = writes;
  }

  /** Whose keys: a named user, or the caller itself; null user name means the account root. */
  private record Owner(String userName, String arn) {}

  private Owner owner(IamRequest r) {
    String name = r.optionalName("UserName", "userName");
    if (name != null) {
      return new Owner(name, r.userArn(name));
    }
    Principal caller = r.caller();
    if (caller instanceof Principal.Root root) {
      return new Owner(null, root.arn());
    }
    if (caller instanceof Principal.IamUser u) {
      return new Owner(u.userName(), u.arn());
    }
    throw IamException.validation("Must specify userName when calling with non-User credentials");
  }

  QueryXml createAccessKey(IamRequest r) {
    Owner owner = owner(r);
    r.authorize(owner.arn());
    AccessKey key;
    synchronized (writes) {
      if (owner.userName() != null) {
        users.existing(r, owner.userName());
      }
      if (identities.accessKeysOf(r.accountId(), owner.userName()).size() >= KEYS_PER_USER) {
        throw IamException.limitExceeded("Cannot exceed quota for AccessKeysPerUser: " + KEYS_PER_USER);
      }
      key = new AccessKey(ids.accessKeyId(), r.accountId(), owner.userName(), true,
          clock.instant().truncatedTo(ChronoUnit.SECONDS), ids.secretAccessKey());
      r.beforeCommit(new IamCallAudit.NewAccessKey(key.accessKeyId(), key.userName(), key.active(), key.createDate()));
      identities.putAccessKey(key);
    }
    QueryXml x = new QueryXml(QueryXml.IAM_NAMESPACE).open("AccessKey").optional("UserName", key.userName())
        .element("AccessKeyId", key.accessKeyId()).element("Status", "Active")
        .element("SecretAccessKey", key.secretAccessKey())
        .element("CreateDate", key.createDate().toString());
    return x.close("AccessKey");
  }

  QueryXml listAccessKeys(IamRequest r) {
    Owner owner = owner(r);
    r.authorize(owner.arn());
    if (owner.userName() != null) {
      users.existing(r, owner.userName());
    }
    List<AccessKey> keys = identities.accessKeysOf(r.accountId(), owner.userName());
    Page<AccessKey> page = Page.of(keys.stream().sorted(java.util.Comparator.comparing(AccessKey::accessKeyId)).toList(),
        AccessKey::accessKeyId, r);
    QueryXml x = new QueryXml(QueryXml.IAM_NAMESPACE).open("AccessKeyMetadata");
    for (AccessKey k : page.items()) {
      // Never the secret: it was shown once, at creation.
      x.open("member").optional("UserName", k.userName()).element("AccessKeyId", k.accessKeyId())
          .element("Status", k.active() ? "Active" : "Inactive")
          .element("CreateDate", k.createDate().truncatedTo(ChronoUnit.SECONDS).toString()).close("member");
    }
    x.close("AccessKeyMetadata");
    page.finish(x);
    return x;
  }

  QueryXml updateAccessKey(IamRequest r) {
    Owner owner = owner(r);
    String id = r.required("AccessKeyId", "accessKeyId", IamRequest.ACCESS_KEY_ID, 128);
    String status = r.required("Status", "status", null, 16);
    if (!status.equals("Active") && !status.equals("Inactive")) {
      throw IamException.validation("1 validation error detected: Value '" + status
          + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
    }
    r.authorize(owner.arn());
    synchronized (writes) {
      AccessKey k = ownedKey(r, owner, id);
      r.beforeCommit(null);
      identities.putAccessKey(new AccessKey(k.accessKeyId(), k.accountId(), k.userName(), status.equals("Active"),
          k.createDate(), k.secretAccessKey()));
    }
    return null;
  }

  QueryXml deleteAccessKey(IamRequest r) {
    Owner owner = owner(r);
    String id = r.required("AccessKeyId", "accessKeyId", IamRequest.ACCESS_KEY_ID, 128);
    r.authorize(owner.arn());
    synchronized (writes) {
      ownedKey(r, owner, id);
      r.beforeCommit(null);
      identities.deleteAccessKey(id);
    }
    return null;
  }

  /** The key, if it belongs to the owner; someone else's key is reported as not found, as IAM does. */
  private AccessKey ownedKey(IamRequest r, Owner owner, String id) {
    if (owner.userName() != null) {
      users.existing(r, owner.userName());
    }
    return identities.accessKey(id)
        .filter(k -> k.accountId().equals(r.accountId()) && java.util.Objects.equals(k.userName(), owner.userName()))
        .orElseThrow(() -> IamException.noSuchEntity("The Access Key with id " + id + " cannot be found."));
  }
}
