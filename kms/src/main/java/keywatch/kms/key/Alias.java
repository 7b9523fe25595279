package keywatch.kms.key;

import java.time.Instant;

/** An alias: a friendly name ({@code alias/...}) that points at one key. */
public record Alias(String aliasName, String aliasArn, String targetKeyId, Instant creationDate, Instant lastUpdatedDate) {

  public Alias retarget(String newTargetKeyId, Instant now) {
    return new Alias(aliasName, aliasArn, newTargetKeyId, creationDate, now);
  }
}
