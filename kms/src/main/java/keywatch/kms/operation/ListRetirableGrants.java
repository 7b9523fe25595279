package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** ListRetirableGrants: every grant in the account whose retiring principal is the one named; paged. */
public final class ListRetirableGrants implements Operation {
  private final OperationContext ctx;

  public ListRetirableGrants(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "ListRetirableGrants";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String retiring = GrantFields.principal(request, "RetiringPrincipal", true);
    ctx.keys().sweep(); // keys whose deletion is due go, and their grants with them
    ObjectNode out = Json.object();
    Paging.page(request, ctx.store().grantsRetirableBy(retiring), out, "Grants",
        g -> GrantFields.entry(g, ctx.accountRegion()), 100, 50, 320);
    return out;
  }
}
