package keywatch.server.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * keywatch's SNS signing identity: an RSA-2048 key and a self-signed certificate, created at first
 * start under the data directory (a PKCS#12 file, owner-only) and served at SigningCertURL, so
 * receivers verify notifications with the certificate alone.
 */
public final class SigningCertificate {
  private static final char[] NO_PASSWORD = "keywatch-sns".toCharArray();
  private static final String ALIAS = "sns";

  private final PrivateKey privateKey;
  private final X509Certificate certificate;

  private SigningCertificate(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
  }

  public static SigningCertificate loadOrCreate(Path file, String commonName) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        ks.load(in, NO_PASSWORD);
      }
      return new SigningCertificate((PrivateKey) ks.getKey(ALIAS, NO_PASSWORD), (X509Certificate) ks.getCertificate(ALIAS));
    }
    SigningCertificate c = generate(commonName, Duration.ofDays(3650));
    ks.load(null, null);
    ks.setKeyEntry(ALIAS, c.privateKey, NO_PASSWORD, new java.security.cert.Certificate[] {c.certificate});
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ks.store(out, NO_PASSWORD);
    }
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system
    }
    return c;
  }

  /** A fresh key and self-signed certificate (also what tests use for a local HTTPS receiver). */
  public static SigningCertificate generate(String commonName, Duration validity) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    X500Name name = new X500Name("CN=" + commonName);
    Instant now = Instant.now();
    try {
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
          name, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)),
          name, kp.getPublic());
      if ("localhost".equals(commonName)) {
        // a loopback TLS server's certificate: valid for the name and the address
        b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false, new org.bouncycastle.asn1.x509.GeneralNames(
            new org.bouncycastle.asn1.x509.GeneralName[] {
                new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.dNSName, "localhost"),
                new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")}));
      }
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
      return new SigningCertificate(kp.getPrivate(), cert);
    } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String pem() {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
