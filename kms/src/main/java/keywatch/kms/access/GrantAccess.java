package keywatch.kms.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import keywatch.kms.grant.Grant;
import keywatch.kms.grant.GrantConstraints;
import keywatch.kms.grant.GrantOperation;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.KmsRequest;
import keywatch.kms.store.KeyStore;

/**
 * Whether a grant on a key lets the caller perform an action the policies did not allow.
 *
 * <p>A grant applies when it names the caller as grantee (by the caller's ARN; a role session also
 * by its role's ARN, as AWS matches it), lists the grant operation the action needs (ReEncrypt
 * needs ReEncryptFrom on the source key and ReEncryptTo on the destination), and its
 * encryption-context constraints hold for the context of that side of the request. For
 * CreateGrant the constraint governs the new grant instead: a grantee may pass on only operations
 * it holds itself, under constraints at least as strict as its own. Constraints do not govern
 * DescribeKey, RetireGrant or operations without an encryption context.
 */
final class GrantAccess {
  private final KeyStore store;

  GrantAccess(KeyStore store) {
    this.store = store;
  }

  boolean allows(Caller caller, String action, KmsKey key, KmsRequest request) {
    GrantOperation op = GrantOperation.forAction(action);
    if (op == null) {
      return false;
    }
    for (String id : caller.principal().policyIdentifiers()) {
      for (Grant g : store.grantsFor(key.keyId(), id)) {
        if (g.permits(op) && (op == GrantOperation.CREATE_GRANT ? passesOn(g, request) : constraintsHold(g, op, request))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean constraintsHold(Grant g, GrantOperation op, KmsRequest request) {
    if (!op.takesEncryptionContext() || g.constraints().isEmpty()) {
      return true;
    }
    String field = switch (op) {
      case RE_ENCRYPT_FROM -> "SourceEncryptionContext";
      case RE_ENCRYPT_TO -> "DestinationEncryptionContext";
      default -> "EncryptionContext";
    };
    Map<String, String> context = request.stringMap(field);
    return g.constraints().holdFor(context);
  }

  /** Whether the CreateGrant request asks for no more than {@code parent} holds. */
  private static boolean passesOn(Grant parent, KmsRequest request) {
    List<String> asked = request.stringList("Operations");
    for (String name : asked) {
      GrantOperation o = GrantOperation.fromAwsName(name);
      if (o == null) {
        return true; // not a grant operation at all: CreateGrant itself rejects the request
      }
      if (!parent.permits(o)) {
        return false;
      }
    }
    return requestedConstraints(request).atLeastAsStrictAs(parent.constraints());
  }

  /** The Constraints of a CreateGrant request (CreateGrant validates them further). */
  private static GrantConstraints requestedConstraints(KmsRequest request) {
    JsonNode n = request.body().get("Constraints");
    if (n == null || !n.isObject()) {
      return GrantConstraints.NONE;
    }
    KmsRequest c = new KmsRequest((ObjectNode) n);
    return new GrantConstraints(c.stringMap("EncryptionContextEquals"), c.stringMap("EncryptionContextSubset"));
  }
}
