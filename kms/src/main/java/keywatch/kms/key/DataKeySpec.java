package keywatch.kms.key;

/** The data key specs of GenerateDataKey; the names are AWS's strings. */
public enum DataKeySpec {
  AES_256(32),
  AES_128(16);

  private final int sizeBytes;

  DataKeySpec(int sizeBytes) {
    this.sizeBytes = sizeBytes;
  }

  public int sizeBytes() {
    return sizeBytes;
  }
}
