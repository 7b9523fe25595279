package keywatch.kms.key;

/**
 * The key pair specs of GenerateDataKeyPair; the names are AWS's strings. ECC_SECG_P256K1 and SM2
 * are AWS's too, but the JDK has no implementation of them: keywatch refuses them clearly.
 */
public enum DataKeyPairSpec {
  RSA_2048(KeySpec.RSA_2048),
  RSA_3072(KeySpec.RSA_3072),
  RSA_4096(KeySpec.RSA_4096),
  ECC_NIST_P256(KeySpec.ECC_NIST_P256),
  ECC_NIST_P384(KeySpec.ECC_NIST_P384),
  ECC_NIST_P521(KeySpec.ECC_NIST_P521),
  ECC_SECG_P256K1(null),
  SM2(null);

  private final KeySpec keySpec;

  DataKeyPairSpec(KeySpec keySpec) {
    this.keySpec = keySpec;
  }

  /** The matching key spec, or null where keywatch has no implementation. */
  public KeySpec keySpec() {
    return keySpec;
  }
}
