package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keywatch.kms.grant.Grant;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** ListGrants: the grants on a key, oldest first, optionally only one grant id or one grantee; paged. */
public final class ListGrants implements Operation {
  private final OperationContext ctx;

  public ListGrants(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "ListGrants";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    String grantId = GrantFields.grantId(request, false);
    String grantee = GrantFields.principal(request, "GranteePrincipal", false);

    KmsKey key = ctx.keys().resolveKeyOnly(keyId);
    List<Grant> grants = ctx.store().grants(key.keyId()).stream()
        .filter(g -> grantId == null || g.grantId().equals(grantId))
        .filter(g -> grantee == null || g.granteePrincipal().equals(grantee))
        .toList();

    ObjectNode out = Json.object();
    Paging.page(request, grants, out, "Grants", g -> GrantFields.entry(g, ctx.accountRegion()), 100, 50, 320);
    return out;
  }
}
