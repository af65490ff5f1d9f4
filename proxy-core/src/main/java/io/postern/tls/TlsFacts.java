package io.postern.tls;

import io.netty.handler.ssl.CipherSuiteConverter;
import io.postern.spi.TlsInfo;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/** Reads a TLS session into the SPI's {@link TlsInfo}, in the forms nginx's variables use. */
final class TlsFacts {

    private TlsFacts() {
    }

    static TlsInfo describe(SSLSession session, boolean verifying) {
        // Without ssl_verify_client no certificate is asked for, so none can have come, and
        // asking the session would throw (and fill in a stack trace) in every handshake.
        Optional<TlsInfo.ClientCertificate> certificate = verifying ? clientCertificate(session) : Optional.empty();
        Optional<String> verify = Optional.empty();
        if (verifying) {
            verify = Optional.of(certificate.isEmpty() ? "NONE"
                    : RecordingTrustManager.result(session).orElse("FAILED:not verified"));
        }
        return new TlsInfo(session.getProtocol(), cipher(session.getCipherSuite()), serverName(session), verify,
                certificate);
    }

    /** OpenSSL's name of a TLS 1.2 suite, as nginx reports it; TLS 1.3 suites are named alike by both. */
    static String cipher(String java) {
        if (java.startsWith("TLS_AES_") || java.startsWith("TLS_CHACHA20_")) {
            return java;
        }
        String openSsl = CipherSuiteConverter.toOpenSsl(java, false);
        return openSsl == null ? java : openSsl;
    }

    private static Optional<String> serverName(SSLSession session) {
        if (!(session instanceof ExtendedSSLSession extended)) {
            return Optional.empty();
        }
        for (SNIServerName name : extended.getRequestedServerNames()) {
            if (name instanceof SNIHostName host) {
                return Optional.of(host.getAsciiName());
            }
        }
        return Optional.empty();
    }

    private static Optional<TlsInfo.ClientCertificate> clientCertificate(SSLSession session) {
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty(); // the client sent none
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            return Optional.empty();
        }
        return Optional.of(new TlsInfo.ClientCertificate(cert.getSubjectX500Principal().getName(X500Principal.RFC2253),
                cert.getIssuerX500Principal().getName(X500Principal.RFC2253), serial(cert.getSerialNumber()),
                fingerprint(cert), pem(cert)));
    }

    /** OpenSSL prints a serial as its magnitude's bytes in upper-case hex. */
    static String serial(BigInteger serial) {
        String hex = serial.abs().toString(16).toUpperCase(java.util.Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    private static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot digest a certificate the handshake accepted", e);
        }
    }

    static String pem(X509Certificate cert) {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate the handshake accepted", e);
        }
    }
}
