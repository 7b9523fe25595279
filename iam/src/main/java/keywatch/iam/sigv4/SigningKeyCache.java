package keywatch.iam.sigv4;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derived signing keys by (secret, date, region, service), so that a verification costs one HMAC
 * for the signature instead of five. A key is valid for a whole UTC day, so a busy client hits
 * the cache on every request but the first of the day.
 *
 * <p>Bounded: an insert first evicts arbitrary entries down to {@code maxEntries - 1}; threads
 * inserting at the same moment can overshoot by one entry each. The map holds
 * secrets (inside {@link Key}), which is why the key type never prints them. Changing a secret
 * changes the key, so a rotated secret can never be served a stale derived key.
 */
final class SigningKeyCache {

  private final ConcurrentHashMap<Key, byte[]> keys = new ConcurrentHashMap<>();
  private final int maxEntries;

  SigningKeyCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  /** The derived key; callers must not modify the array. */
  byte[] signingKey(String secret, String date, String region, String service) {
    Key key = new Key(secret, date, region, service);
    byte[] cached = keys.get(key);
    if (cached != null) {
      return cached;
    }
    byte[] derived = Canonical.deriveSigningKey(secret, date, region, service);
    Iterator<Key> it = keys.keySet().iterator();
    while (keys.size() >= maxEntries && it.hasNext()) {
      it.next();
      it.remove();
    }
    keys.put(key, derived);
    return derived;
  }

  int size() {
    return keys.size();
  }

  private static final class Key {
    private final String secret;
    private final String date;
    private final String region;
    private final String service;
    private final int hash;

    Key(String secret, String date, String region, String service) {
      this.secret = secret;
      this.date = date;
      this.region = region;
      this.service = service;
      this.hash = Objects.hash(secret, date, region, service);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && secret.equals(k.secret)
          && date.equals(k.date) && region.equals(k.region) && service.equals(k.service);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return "SigningKeyCache.Key[date=" + date + ", region=" + region + ", service=" + service
          + ", secret=<redacted>]";
    }
  }
}
