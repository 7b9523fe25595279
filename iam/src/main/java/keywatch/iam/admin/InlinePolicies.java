package keywatch.iam.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keywatch.iam.policy.PolicyKind;
import keywatch.iam.query.QueryXml;

/**
 * The inline-policy actions users and roles share, written once: Put/Get/List/Delete of a user's or
 * a role's named identity policies. {@link Owner} says which kind of principal and how its policies
 * are read and stored.
 */
final class InlinePolicies {
  /** One kind of policy owner: its request parameter, its words in messages, its store. */
  interface Owner {
    /** "UserName" or "RoleName" (the member in messages is the same with a lower-case initial). */
    String nameParameter();

    /** "user" or "role", as IAM's messages say it. */
    String noun();

    int quotaChars();

    String arn(IamRequest r, String name);

    /** The owner's policies; NoSuchEntity if there is no such owner. */
    Map<String, String> policies(IamRequest r, String name);

    void storePolicies(IamRequest r, String name, Map<String, String> policies);
  }

  private final Owner owner;
  private final Object writes;

  InlinePolicies(Owner owner, Object writes) {
    this.owner = owner;
    this.writes = writes;
  }

  QueryXml put(IamRequest r) {
    String name = name(r);
    String policyName = r.policyName();
    String document = r.policyDocument("PolicyDocument", "policyDocument");
    r.authorize(owner.arn(r, name));
    PolicyDocuments.parse(document, PolicyKind.IDENTITY);
    synchronized (writes) {
      Map<String, String> current = owner.policies(r, name);
      PolicyDocuments.checkInlineQuota(current, policyName, document, owner.quotaChars(), owner.noun() + " " + name);
      Map<String, String> policies = new HashMap<>(current);
      policies.put(policyName, document);
      r.beforeCommit(null);
      owner.storePolicies(r, name, policies);
    }
    return null;
  }

  QueryXml get(IamRequest r) {
    String name = name(r);
    String policyName = r.policyName();
    r.authorize(owner.arn(r, name));
    String document = owner.policies(r, name).get(policyName);
    if (document == null) {
      throw notFound(policyName);
    }
    return new QueryXml(QueryXml.IAM_NAMESPACE).element(owner.nameParameter(), name).element("PolicyName", policyName)
        .policy("PolicyDocument", document);
  }

  QueryXml list(IamRequest r) {
    String name = name(r);
    r.authorize(owner.arn(r, name));
    List<String> names = owner.policies(r, name).keySet().stream().sorted().toList();
    Page<String> page = Page.of(names, n -> n, r);
    QueryXml x = new QueryXml(QueryXml.IAM_NAMESPACE).open("PolicyNames");
    page.items().forEach(n -> x.element("member", n));
    x.close("PolicyNames");
    page.finish(x);
    return x;
  }

  QueryXml delete(IamRequest r) {
    String name = name(r);
    String policyName = r.policyName();
    r.authorize(owner.arn(r, name));
    synchronized (writes) {
      Map<String, String> current = owner.policies(r, name);
      if (!current.containsKey(policyName)) {
        throw notFound(policyName);
      }
      Map<String, String> policies = new HashMap<>(current);
      policies.remove(policyName);
      r.beforeCommit(null);
      owner.storePolicies(r, name, policies);
    }
    return null;
  }

  private String name(IamRequest r) {
    String p = owner.nameParameter();
    return r.requiredName(p, Character.toLowerCase(p.charAt(0)) + p.substring(1));
  }

  private IamException notFound(String policyName) {
    return IamException.noSuchEntity("The " + owner.noun() + " policy with name " + policyName + " cannot be found.");
  }
}
