package keywatch.kms.key;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A KMS key: its metadata as DescribeKey reports it, its policy, tags and rotation settings, and
 * every generation of its material. Immutable; every change makes a new value through a
 * {@code with...} method, and the {@link KeyStore} swaps it in.
 */
public record KmsKey(
    String keyId,
    String arn,
    String accountId,
    Instant creationDate,
    String description,
    KeySpec keySpec,
    KeyUsage keyUsage,
    KeyState state,
    Instant deletionDate,
    Integer pendingWindowInDays,
    String policy,
    Map<String, String> tags,
    boolean rotationEnabled,
    int rotationPeriodInDays,
    Instant nextRotationDate,
    List<BackingKey> backingKeys) {

  public static final int DEFAULT_ROTATION_PERIOD_DAYS = 365;

  public KmsKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(keySpec, "keySpec");
    Objects.requireNonNull(keyUsage, "keyUsage");
    Objects.requireNonNull(state, "state");
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    backingKeys = List.copyOf(backingKeys);
    if (backingKeys.isEmpty()) {
      throw new IllegalArgumentException("a key has at least one backing key");
    }
  }

  /** The material new ciphertexts, signatures and MACs use. */
  public BackingKey currentBackingKey() {
    return backingKeys.get(backingKeys.size() - 1);
  }

  /** The material of a given version, or null if this key never had it. */
  public BackingKey backingKey(int version) {
    return version >= 0 && version < backingKeys.size() ? backingKeys.get(version) : null;
  }

  public boolean enabled() {
    return state == KeyState.ENABLED;
  }

  public KmsKey withState(KeyState newState, Instant newDeletionDate, Integer newWindowDays) {
    return new KmsKey(keyId, arn, accountId, creationDate, description, keySpec, keyUsage, newState,
        newDeletionDate, newWindowDays, policy, tags, rotationEnabled, rotationPeriodInDays,
        nextRotationDate, backingKeys);
  }

  public KmsKey withDescription(String newDescription) {
    return new KmsKey(keyId, arn, accountId, creationDate, newDescription, keySpec, keyUsage, state,
        deletionDate, pendingWindowInDays, policy, tags, rotationEnabled, rotationPeriodInDays,
        nextRotationDate, backingKeys);
  }

  public KmsKey withPolicy(String newPolicy) {
    return new KmsKey(keyId, arn, accountId, creationDate, description, keySpec, keyUsage, state,
        deletionDate, pendingWindowInDays, newPolicy, tags, rotationEnabled, rotationPeriodInDays,
        nextRotationDate, backingKeys);
  }

  public KmsKey withTags(Map<String, String> newTags) {
    return new KmsKey(keyId, arn, accountId, creationDate, description, keySpec, keyUsage, state,
        deletionDate, pendingWindowInDays, policy, newTags, rotationEnabled, rotationPeriodInDays,
        nextRotationDate, backingKeys);
  }

  public KmsKey withRotation(boolean enabled, int periodInDays, Instant next) {
    return new KmsKey(keyId, arn, accountId, creationDate, description, keySpec, keyUsage, state,
        deletionDate, pendingWindowInDays, policy, tags, enabled, periodInDays, next, backingKeys);
  }

  public KmsKey withBackingKey(BackingKey added) {
    List<BackingKey> all = new ArrayList<>(backingKeys);
    all.add(added);
    return new KmsKey(keyId, arn, accountId, creationDate, description, keySpec, keyUsage, state,
        deletionDate, pendingWindowInDays, policy, tags, rotationEnabled, rotationPeriodInDays,
        nextRotationDate, all);
  }
}
