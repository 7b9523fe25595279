package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.key.EncryptionAlgorithm;
import keywatch.kms.key.KmsKey;
import keywatch.kms.key.MacAlgorithm;
import keywatch.kms.key.SigningAlgorithm;
import keywatch.kms.protocol.Json;

/** The {@code KeyMetadata} structure of CreateKey and DescribeKey, field for field as AWS returns it. */
public final class KeyMetadataJson {
  private KeyMetadataJson() {}

  public static ObjectNode of(KmsKey k) {
    ObjectNode m = Json.object();
    m.put("AWSAccountId", k.accountId());
    m.put("KeyId", k.keyId());
    m.put("Arn", k.arn());
    m.put("CreationDate", Json.epochSeconds(k.creationDate()));
    m.put("Enabled", k.enabled());
    m.put("Description", k.description());
    m.put("KeyUsage", k.keyUsage().name());
    m.put("KeyState", k.state().awsName());
    if (k.deletionDate() != null) {
      m.put("DeletionDate", Json.epochSeconds(k.deletionDate()));
      m.put("PendingDeletionWindowInDays", k.pendingWindowInDays());
    }
    m.put("Origin", "AWS_KMS");
    m.put("KeyManager", "CUSTOMER");
    m.put("CustomerMasterKeySpec", k.keySpec().name());
    m.put("KeySpec", k.keySpec().name());
    var enc = EncryptionAlgorithm.forKey(k.keySpec(), k.keyUsage());
    if (!enc.isEmpty()) {
      m.set("EncryptionAlgorithms", Json.names(enc));
    }
    var sig = SigningAlgorithm.forKey(k.keySpec(), k.keyUsage());
    if (!sig.isEmpty()) {
      m.set("SigningAlgorithms", Json.names(sig));
    }
    var mac = MacAlgorithm.forKey(k.keySpec());
    if (!mac.isEmpty()) {
      m.set("MacAlgorithms", Json.names(mac));
    }
    m.put("MultiRegion", false);
    return m;
  }
}
