package keywatch.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import keywatch.kms.key.BackingKey;
import keywatch.kms.key.KeySpec;

/** Generates key material for each key spec, and turns it to and from its stored encodings. */
public final class KeyMaterial {
  private final SecureRandom random;

  public KeyMaterial(SecureRandom random) {
    this.random = random;
  }

  public BackingKey generate(KeySpec spec, int version, Instant now, String rotationType) {
    return switch (spec.family()) {
      case AES, HMAC -> new BackingKey(version, now, rotationType, secretKey(spec, randomBytes(spec.sizeBits() / 8)), null);
      case RSA, EC -> new BackingKey(version, now, rotationType, null, generateKeyPair(spec));
    };
  }

  public KeyPair generateKeyPair(KeySpec spec) {
    try {
      KeyPairGenerator g;
      if (spec.family() == KeySpec.Family.RSA) {
        g = KeyPairGenerator.getInstance("RSA");
        g.initialize(new RSAKeyGenParameterSpec(spec.sizeBits(), RSAKeyGenParameterSpec.F4), random);
      } else if (spec.family() == KeySpec.Family.EC) {
        g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(spec.curveName()), random);
      } else {
        throw new IllegalArgumentException(spec + " has no key pair");
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("key pair generation failed for " + spec, e);
    }
  }

  public byte[] randomBytes(int count) {
    byte[] b = new byte[count];
    random.nextBytes(b);
    return b;
  }

  /**
   * The secret half of a backing key in the encoding that gets wrapped for storage: raw bytes for
   * AES and HMAC keys, PKCS#8 for private keys. The name says it: the result is secret.
   */
  public static byte[] secretEncodingForWrapping(BackingKey k) {
    return k.secretKey() != null ? k.secretKey().getEncoded() : k.keyPair().getPrivate().getEncoded();
  }

  /** The public half's X.509 encoding, for asymmetric keys; null otherwise. */
  public static byte[] publicEncoding(BackingKey k) {
    return k.keyPair() == null ? null : k.keyPair().getPublic().getEncoded();
  }

  /** Rebuilds a backing key from what {@link #secretEncodingForWrapping} and {@link #publicEncoding} gave. */
  public static BackingKey restore(KeySpec spec, int version, Instant createdAt, String rotationType,
      byte[] secretEncoding, byte[] publicEncoding) {
    try {
      return switch (spec.family()) {
        case AES, HMAC -> new BackingKey(version, createdAt, rotationType, secretKey(spec, secretEncoding), null);
        case RSA, EC -> {
          KeyFactory f = KeyFactory.getInstance(spec.family() == KeySpec.Family.RSA ? "RSA" : "EC");
          yield new BackingKey(version, createdAt, rotationType, null, new KeyPair(
              f.generatePublic(new X509EncodedKeySpec(publicEncoding)),
              f.generatePrivate(new PKCS8EncodedKeySpec(secretEncoding))));
        }
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored key material of version " + version + " is unreadable", e);
    }
  }

  private static SecretKey secretKey(KeySpec spec, byte[] bytes) {
    String algorithm = switch (spec) {
      case SYMMETRIC_DEFAULT -> "AES";
      case HMAC_224 -> "HmacSHA224";
      case HMAC_256 -> "HmacSHA256";
      case HMAC_384 -> "HmacSHA384";
      case HMAC_512 -> "HmacSHA512";
      default -> throw new IllegalArgumentException(spec + " is not a secret-key spec");
    };
    return new SecretKeySpec(bytes, algorithm);
  }
}
