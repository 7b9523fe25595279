package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.key.KmsKey;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.Json;
import keywatch.kms.protocol.KmsRequest;

/** DescribeKey: a key's metadata, named by key id, key ARN, alias name or alias ARN. */
public final class DescribeKey implements Operation {
  private final OperationContext ctx;

  public DescribeKey(OperationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return "DescribeKey";
  }

  @Override
  public ObjectNode execute(KmsRequest request, Caller caller) {
    String keyId = request.requiredString("KeyId", 1, 2048);
    request.stringList("GrantTokens");
    KmsKey key = ctx.keys().resolve(keyId);
    ObjectNode out = Json.object();
    out.set("KeyMetadata", KeyMetadataJson.of(key));
    return out;
  }
}
