package io.postern.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.net.Socket;
import java.security.Principal;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority made at test time, writing PEM files into a temporary
 * directory: server certificates for given names (RSA or ECDSA), client certificates, and
 * client-side {@link SSLContext}s that trust it. Nothing of it is ever committed.
 */
public final class TestPki {

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    /** A certificate, its key, and the PEM files holding them. */
    public record Issued(X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile) {
    }

    private final Path dir;
    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caFile;

    private TestPki(Path dir, String name, KeyPair caKeys, X509Certificate ca, Path caFile) {
        this.dir = dir;
        this.name = name;
        this.caKeys = caKeys;
        this.ca = ca;
        this.caFile = caFile;
    }

    /** A new CA named {@code name}, its files under {@code dir}. */
    public static TestPki create(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        KeyPair keys = rsa();
        X500Name subject = new X500Name("CN=" + name + ",O=Postern Tests");
        JcaX509v3CertificateBuilder builder = builder(subject, subject, keys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        X509Certificate ca = sign(builder, keys.getPrivate());
        Path caFile = dir.resolve(name + "-ca.pem");
        Files.writeString(caFile, pem("CERTIFICATE", ca.getEncoded()), StandardCharsets.US_ASCII);
        return new TestPki(dir, name, keys, ca, caFile);
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    /** The CA certificate as a PEM file (for ssl_client_certificate, proxy_ssl_trusted_certificate). */
    public Path caFile() {
        return caFile;
    }

    /** An RSA server certificate for {@code dnsNames} (and 127.0.0.1). */
    public Issued server(String... dnsNames) throws Exception {
        return issue(rsa(), dnsNames[0], dnsNames, true);
    }

    /** An ECDSA server certificate for {@code dnsNames} (and 127.0.0.1). */
    public Issued serverEc(String... dnsNames) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return issue(generator.generateKeyPair(), dnsNames[0] + "-ec", dnsNames, true);
    }

    /** A client certificate with the common name {@code cn}. */
    public Issued client(String cn) throws Exception {
        return issue(rsa(), cn, new String[0], false);
    }

    private Issued issue(KeyPair keys, String fileName, String[] dnsNames, boolean server) throws Exception {
        String cn = dnsNames.length > 0 ? dnsNames[0] : fileName;
        JcaX509v3CertificateBuilder builder = builder(new X500Name("CN=" + name + ",O=Postern Tests"),
                new X500Name("CN=" + cn + ",O=Postern Tests"), keys);
        if (server) {
            List<GeneralName> names = new ArrayList<>();
            for (String dns : dnsNames) {
                names.add(new GeneralName(GeneralName.dNSName, dns));
            }
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(new GeneralName[0])));
        }
        X509Certificate cert = sign(builder, caKeys.getPrivate());
        Path certFile = dir.resolve(name + "-" + fileName + ".crt");
        Path keyFile = dir.resolve(name + "-" + fileName + ".key");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        return new Issued(cert, keys.getPrivate(), certFile, keyFile);
    }

    /**
     * A client context trusting this CA, presenting {@code clientCertificate} when not null,
     * whatever CAs the server names (the JDK's own key manager would send nothing to a server
     * that does not name the certificate's issuer, and a bad certificate could not be tested).
     */
    public SSLContext clientContext(Issued clientCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManager[] keyManagers = clientCertificate == null ? null
                : new KeyManager[] {new AlwaysPresent(clientCertificate)};
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
        return context;
    }

    /** A key manager that always presents one certificate. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final Issued issued;

        AlwaysPresent(Issued issued) {
            this.issued = issued;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {issued.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return issued.key();
        }
    }

    /**
     * A certificate revocation list signed by this CA, revoking {@code revoked}, as a PEM file
     * (for ssl_crl); {@code fileName} names it under the CA's directory.
     */
    public Path crl(String fileName, X509Certificate... revoked) throws Exception {
        Instant now = Instant.now();
        org.bouncycastle.cert.X509v2CRLBuilder builder = new org.bouncycastle.cert.X509v2CRLBuilder(
                new X500Name("CN=" + name + ",O=Postern Tests"), Date.from(now.minus(1, ChronoUnit.HOURS)));
        builder.setNextUpdate(Date.from(now.plus(1, ChronoUnit.DAYS)));
        for (X509Certificate cert : revoked) {
            builder.addCRLEntry(cert.getSerialNumber(), Date.from(now.minus(1, ChronoUnit.MINUTES)),
                    org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
        }
        java.security.cert.X509CRL crl = new org.bouncycastle.cert.jcajce.JcaX509CRLConverter().getCRL(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
        Path file = dir.resolve(fileName);
        Files.writeString(file, pem("X509 CRL", crl.getEncoded()), StandardCharsets.US_ASCII);
        return file;
    }

    /** A client context trusting this CA, without a client certificate. */
    public SSLContext clientContext() throws Exception {
        return clientContext(null);
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm)
                .build(key)));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

}
