package io.postern.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What is known about a client connection's TLS once its handshake completed, on a listener
 * with {@code ssl} or after STARTTLS/STLS: the facts nginx sends to its auth server as the
 * {@code Auth-SSL*} headers. Immutable, and safe to keep after the session ended.
 *
 * @param protocol the negotiated protocol version, such as {@code TLSv1.3}
 * @param cipher the negotiated cipher suite in OpenSSL's naming where one exists (as nginx
 *     reports it: {@code ECDHE-RSA-AES128-GCM-SHA256}, {@code TLS_AES_128_GCM_SHA256})
 * @param serverName the host name the client asked for with SNI, if it sent one
 * @param verifyResult the client certificate check, present only when the listener asks for
 *     client certificates ({@code ssl_verify_client} not {@code off}): {@code SUCCESS},
 *     {@code NONE} (no certificate was sent) or {@code FAILED:<reason>}, as nginx's
 *     {@code $ssl_client_verify}
 * @param clientCertificate the certificate the client presented, if any
 */
public record TlsInfo(String protocol, String cipher, Optional<String> serverName, Optional<String> verifyResult,
                      Optional<ClientCertificate> clientCertificate) {

    public TlsInfo {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(verifyResult, "verifyResult");
        Objects.requireNonNull(clientCertificate, "clientCertificate");
    }

    /**
     * A client certificate, in the forms nginx's variables give it.
     *
     * @param subject the subject's distinguished name, RFC 2253 ({@code $ssl_client_s_dn})
     * @param issuer the issuer's distinguished name, RFC 2253 ({@code $ssl_client_i_dn})
     * @param serial the serial number in upper-case hex ({@code $ssl_client_serial})
     * @param fingerprint the SHA-1 digest of the DER encoding in lower-case hex
     *     ({@code $ssl_client_fingerprint})
     * @param pem the certificate in PEM ({@code $ssl_client_raw_cert}), lines ending in LF
     */
    public record ClientCertificate(String subject, String issuer, String serial, String fingerprint, String pem) {

        public ClientCertificate {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(pem, "pem");
        }
    }
}
