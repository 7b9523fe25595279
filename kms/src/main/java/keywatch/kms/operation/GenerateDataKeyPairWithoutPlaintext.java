package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.KmsRequest;

/** GenerateDataKeyPairWithoutPlaintext: as GenerateDataKeyPair, private key only sealed. */
public final class GenerateDataKeyPairWithoutPlaintext implements Operation {
  private final OperationContext ctx;
  private final Sealing sealing;

  public GenerateDataKeyPairWithoutPlaintext(OperationContext ctx) {
    this.ctx = ctx;
    this.sealing = new Sealing(ctx);
  }

  @Override
  public String name() {
    return "GenerateDataKeyPairWithoutPlaintext";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    return DataKeyPairs.generate(ctx, sealing, request, name(), false);
  }
}
