package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.KmsRequest;

/** GenerateDataKey: a fresh data key, returned in plaintext and sealed under a symmetric KMS key. */
public final class GenerateDataKey implements Operation {
  private final OperationContext ctx;
  private final Sealing sealing;

  public GenerateDataKey(OperationContext ctx) {
    this.ctx = ctx;
    this.sealing = new Sealing(ctx);
  }

  @Override
  public String name() {
    return "GenerateDataKey";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    return DataKeys.generate(ctx, sealing, request, name(), true);
  }
}
