package keywatch.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import keywatch.kms.key.SigningAlgorithm;

/**
 * Signing over a message digest, for every AWS KMS signing algorithm.
 *
 * <p>AWS KMS signs either a raw message (which it hashes) or a digest the caller computed
 * ({@code MessageType=DIGEST}). Both come here as a digest, so one path serves both:
 * ECDSA is the JDK's NONEwithECDSA over the digest (DER output, as AWS returns);
 * RSASSA-PKCS1-v1_5 is NONEwithRSA over the DigestInfo of the digest; RSASSA-PSS is EMSA-PSS
 * (RFC 8017 §9.1, MGF1 with the same hash, salt as long as the hash, as AWS documents) followed by
 * the raw RSA private operation, since the JDK offers PSS only over whole messages. The results are
 * what standard verifiers (SHA256withECDSA, SHA256withRSA, RSASSA-PSS) accept on the raw message.
 */
public final class Signatures {
  private final SecureRandom random;

  public Signatures(SecureRandom random) {
    this.random = random;
  }

  public static byte[] digest(SigningAlgorithm algorithm, byte[] message) {
    try {
      return MessageDigest.getInstance(algorithm.digestName()).digest(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] signDigest(PrivateKey key, SigningAlgorithm algorithm, byte[] digest) {
    try {
      if (algorithm.isPss()) {
        int modBits = ((RSAKey) key).getModulus().bitLength();
        byte[] em = pssEncode(algorithm, digest, modBits - 1);
        Cipher rsa = Cipher.getInstance("RSA/ECB/NoPadding");
        rsa.init(Cipher.DECRYPT_MODE, key);
        return leftPad(rsa.doFinal(leftPad(em, (modBits + 7) / 8)), (modBits + 7) / 8);
      }
      Signature s = Signature.getInstance(algorithm.isPkcs1() ? "NONEwithRSA" : "NONEwithECDSA");
      s.initSign(key, random);
      s.update(algorithm.isPkcs1() ? digestInfo(algorithm, digest) : digest);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed", e);
    }
  }

  public static boolean verifyDigest(PublicKey key, SigningAlgorithm algorithm, byte[] digest, byte[] signature) {
    try {
      if (algorithm.isPss()) {
        int modBits = ((RSAKey) key).getModulus().bitLength();
        int k = (modBits + 7) / 8;
        if (signature.length != k) {
          return false;
        }
        Cipher rsa = Cipher.getInstance("RSA/ECB/NoPadding");
        rsa.init(Cipher.ENCRYPT_MODE, key);
        byte[] m = leftPad(rsa.doFinal(signature), k);
        return pssVerify(algorithm, digest, m, modBits - 1);
      }
      Signature s = Signature.getInstance(algorithm.isPkcs1() ? "NONEwithRSA" : "NONEwithECDSA");
      s.initVerify(key);
      s.update(algorithm.isPkcs1() ? digestInfo(algorithm, digest) : digest);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  // RFC 8017 §9.1.1 EMSA-PSS-ENCODE with sLen = hLen.
  private byte[] pssEncode(SigningAlgorithm algorithm, byte[] mHash, int emBits) throws GeneralSecurityException {
    int hLen = algorithm.digestBytes();
    int sLen = hLen;
    int emLen = (emBits + 7) / 8;
    byte[] salt = new byte[sLen];
    random.nextBytes(salt);
    byte[] h = pssHash(algorithm, mHash, salt);
    byte[] db = new byte[emLen - hLen - 1];
    db[db.length - sLen - 1] = 0x01;
    System.arraycopy(salt, 0, db, db.length - sLen, sLen);
    byte[] mask = mgf1(algorithm, h, db.length);
    for (int i = 0; i < db.length; i++) {
      db[i] ^= mask[i];
    }
    db[0] &= (byte) (0xFF >>> (8 * emLen - emBits));
    byte[] em = new byte[emLen];
    System.arraycopy(db, 0, em, 0, db.length);
    System.arraycopy(h, 0, em, db.length, hLen);
    em[emLen - 1] = (byte) 0xBC;
    return em;
  }

  // RFC 8017 §9.1.2 EMSA-PSS-VERIFY; {@code m} is the k-byte result of the public operation.
  private static boolean pssVerify(SigningAlgorithm algorithm, byte[] mHash, byte[] m, int emBits)
      throws GeneralSecurityException {
    int hLen = algorithm.digestBytes();
    int sLen = hLen;
    int emLen = (emBits + 7) / 8;
    for (int i = 0; i < m.length - emLen; i++) {
      if (m[i] != 0) {
        return false;
      }
    }
    byte[] em = Arrays.copyOfRange(m, m.length - emLen, m.length);
    if (mHash.length != hLen || emLen < hLen + sLen + 2 || em[emLen - 1] != (byte) 0xBC) {
      return false;
    }
    byte[] db = Arrays.copyOfRange(em, 0, emLen - hLen - 1);
    byte[] h = Arrays.copyOfRange(em, emLen - hLen - 1, emLen - 1);
    int topBits = 8 * emLen - emBits;
    if ((db[0] & (0xFF << (8 - topBits)) & 0xFF) != 0) {
      return false;
    }
    byte[] mask = mgf1(algorithm, h, db.length);
    for (int i = 0; i < db.length; i++) {
      db[i] ^= mask[i];
    }
    db[0] &= (byte) (0xFF >>> topBits);
    int psLen = emLen - hLen - sLen - 2;
    for (int i = 0; i < psLen; i++) {
      if (db[i] != 0) {
        return false;
      }
    }
    if (db[psLen] != 0x01) {
      return false;
    }
    byte[] salt = Arrays.copyOfRange(db, db.length - sLen, db.length);
    return MessageDigest.isEqual(h, pssHash(algorithm, mHash, salt));
  }

  private static byte[] pssHash(SigningAlgorithm algorithm, byte[] mHash, byte[] salt) throws GeneralSecurityException {
    MessageDigest md = MessageDigest.getInstance(algorithm.digestName());
    md.update(new byte[8]);
    md.update(mHash);
    md.update(salt);
    return md.digest();
  }

  private static byte[] mgf1(SigningAlgorithm algorithm, byte[] seed, int length) throws GeneralSecurityException {
    MessageDigest md = MessageDigest.getInstance(algorithm.digestName());
    byte[] out = new byte[length];
    int done = 0;
    for (int counter = 0; done < length; counter++) {
      md.update(seed);
      md.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter});
      byte[] block = md.digest();
      int n = Math.min(block.length, length - done);
      System.arraycopy(block, 0, out, done, n);
      done += n;
    }
    return out;
  }

  // DER DigestInfo prefixes of RFC 8017 §9.2, note 1.
  private static final byte[] SHA256_PREFIX = hex("3031300d060960864801650304020105000420");
  private static final byte[] SHA384_PREFIX = hex("3041300d060960864801650304020205000430");
  private static final byte[] SHA512_PREFIX = hex("3051300d060960864801650304020305000440");

  private static byte[] digestInfo(SigningAlgorithm algorithm, byte[] digest) {
    byte[] prefix = switch (algorithm.digestBytes()) {
      case 32 -> SHA256_PREFIX;
      case 48 -> SHA384_PREFIX;
      default -> SHA512_PREFIX;
    };
    byte[] out = Arrays.copyOf(prefix, prefix.length + digest.length);
    System.arraycopy(digest, 0, out, prefix.length, digest.length);
    return out;
  }

  private static byte[] leftPad(byte[] b, int length) {
    if (b.length == length) {
      return b;
    }
    if (b.length > length) {
      for (int i = 0; i < b.length - length; i++) {
        if (b[i] != 0) {
          throw new IllegalArgumentException("value longer than " + length + " bytes");
        }
      }
      return Arrays.copyOfRange(b, b.length - length, b.length);
    }
    byte[] out = new byte[length];
    System.arraycopy(b, 0, out, length - b.length, b.length);
    return out;
  }

  private static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
