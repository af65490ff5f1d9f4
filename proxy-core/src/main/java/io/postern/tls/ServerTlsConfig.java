package io.postern.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The client-side TLS directives of one server block, as written (paths already resolved).
 *
 * @param certificates {@code ssl_certificate}: PEM chains, leaf first, one per key
 * @param keys {@code ssl_certificate_key}: PKCS#8 keys, paired with the certificates by position
 * @param passwordFile {@code ssl_password_file}: passwords tried in turn for encrypted keys
 * @param protocols {@code ssl_protocols}
 * @param ciphers {@code ssl_ciphers}, OpenSSL's syntax (see {@link CipherList})
 * @param preferServerCiphers {@code ssl_prefer_server_ciphers}
 * @param sessionCache {@code ssl_session_cache} words
 * @param sessionTimeout {@code ssl_session_timeout}
 * @param verifyClient {@code ssl_verify_client}
 * @param clientCertificate {@code ssl_client_certificate}: the CAs client certificates are checked against
 * @param verifyDepth {@code ssl_verify_depth}
 * @param crl {@code ssl_crl}: revocation lists checked for every certificate of a client's chain
 * @param confCommands {@code ssl_conf_command}: OpenSSL commands by name (see {@link ConfCommands})
 * @param alpn the ALPN protocol of the server block ({@code imap}, {@code pop3}, {@code smtp})
 * @param handshakeTimeout how long a handshake may take (the server's {@code timeout})
 * @param ecdhCurve {@code ssl_ecdh_curve} as written
 * @param dhparam {@code ssl_dhparam}
 * @param sessionTickets {@code ssl_session_tickets}
 * @param provider {@code ssl_provider}
 */
public record ServerTlsConfig(List<Path> certificates, List<Path> keys, Optional<Path> passwordFile,
                              List<String> protocols, String ciphers, boolean preferServerCiphers,
                              List<String> sessionCache, Duration sessionTimeout, VerifyClient verifyClient,
                              Optional<Path> clientCertificate, int verifyDepth, Optional<Path> crl,
                              Map<String, String> confCommands, String alpn,
                              Duration handshakeTimeout, String ecdhCurve, Optional<Path> dhparam,
                              boolean sessionTickets, TlsProvider provider) {

    public ServerTlsConfig {
        certificates = List.copyOf(certificates);
        keys = List.copyOf(keys);
        Objects.requireNonNull(passwordFile, "passwordFile");
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(ciphers, "ciphers");
        sessionCache = List.copyOf(sessionCache);
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(verifyClient, "verifyClient");
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        Objects.requireNonNull(crl, "crl");
        confCommands = Collections.unmodifiableMap(new LinkedHashMap<>(confCommands));
        Objects.requireNonNull(alpn, "alpn");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(ecdhCurve, "ecdhCurve");
        Objects.requireNonNull(dhparam, "dhparam");
        Objects.requireNonNull(provider, "provider");
    }
}
