package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.KmsRequest;

/** GenerateDataKeyPair: a fresh RSA or EC key pair, private key in plaintext and sealed. */
public final class GenerateDataKeyPair implements Operation {
  private final OperationContext ctx;
  private final Sealing sealing;

  public GenerateDataKeyPair(OperationContext ctx) {
    this.ctx = ctx;
    this.sealing = new Sealing(ctx);
  }

  @Override
  public String name() {
    return "GenerateDataKeyPair";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    return DataKeyPairs.generate(ctx, sealing, request, name(), true);
  }
}
