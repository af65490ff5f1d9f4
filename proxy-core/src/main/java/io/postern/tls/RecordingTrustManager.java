package io.postern.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Checks a client certificate without ever failing the handshake, and records the result in
 * the TLS session for after it ({@link #result}). nginx does the same: its verify callback
 * accepts everything, and the mail module then answers {@code * BYE SSL certificate error}
 * in the protocol's words instead of a bare TLS alert the client cannot show its user.
 *
 * <p>{@code ssl_verify_depth} is checked as the number of certificates the client sent above
 * its own, not counting a self-signed root: 1 (nginx's default) means the client's certificate
 * must be issued directly by a CA of {@code ssl_client_certificate}.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {

    /** The session value holding the result: {@code SUCCESS} or {@code FAILED:<reason>}. */
    static final String RESULT_KEY = "io.postern.tls.verify";

    private final X509TrustManager cas;
    private final int depth;

    /** @param cas the CAs of {@code ssl_client_certificate}; {@code null} for none */
    RecordingTrustManager(X509TrustManager cas, int depth) {
        this.cas = cas;
        this.depth = depth;
    }

    /** The recorded result of the session's client certificate; empty when none was sent. */
    static Optional<String> result(SSLSession session) {
        Object value = session.getValue(RESULT_KEY);
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        String result = verify(chain, authType);
        SSLSession handshake = engine.getHandshakeSession();
        if (handshake != null) {
            handshake.putValue(RESULT_KEY, result);
        }
    }

    private String verify(X509Certificate[] chain, String authType) {
        if (chain == null || chain.length == 0) {
            return "FAILED:no certificate";
        }
        int above = chain.length - 1;
        X509Certificate top = chain[chain.length - 1];
        if (above > 0 && top.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
            above--;
        }
        if (above + 1 > depth) {
            return "FAILED:certificate chain too long";
        }
        if (cas == null) {
            return "FAILED:unable to get local issuer certificate";
        }
        try {
            chain[0].checkValidity();
            cas.checkClientTrusted(chain, authType);
            return "SUCCESS";
        } catch (CertificateException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return "FAILED:" + message.replace('\r', ' ').replace('\n', ' ');
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("Postern's TLS runs on SSLEngine only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("Postern's TLS runs on SSLEngine only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a server-side trust manager checks no servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a server-side trust manager checks no servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a server-side trust manager checks no servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        // The CA names sent in the CertificateRequest, so clients pick a matching certificate.
        return cas == null ? new X509Certificate[0] : cas.getAcceptedIssuers();
    }
}
