package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.KmsRequest;

/** GenerateDataKeyWithoutPlaintext: as GenerateDataKey, but only the sealed copy is returned. */
public final class GenerateDataKeyWithoutPlaintext implements Operation {
  private final OperationContext ctx;
  private final Sealing sealing;

  public GenerateDataKeyWithoutPlaintext(OperationContext ctx) {
    this.ctx = ctx;
    this.sealing = new Sealing(ctx);
  }

  @Override
  public String name() {
    return "GenerateDataKeyWithoutPlaintext";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    return DataKeys.generate(ctx, sealing, request, name(), false);
  }
}
