package io.postern.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The upstream-side TLS directives of one server block (paths already resolved).
 *
 * @param mode {@code proxy_ssl}: how upstreams are reached unless their pool or the auth decision says otherwise
 * @param verify {@code proxy_ssl_verify}: check the upstream's certificate and host name
 * @param trustedCertificate {@code proxy_ssl_trusted_certificate}: the CAs to trust; empty
 *     trusts the JDK's default CAs
 * @param name {@code proxy_ssl_name}: the name to verify and send with SNI; empty uses the upstream's host
 * @param certificate {@code proxy_ssl_certificate}: a client certificate to present
 * @param key {@code proxy_ssl_certificate_key}: its key
 * @param passwordFile {@code proxy_ssl_password_file}
 * @param protocols {@code proxy_ssl_protocols}
 * @param handshakeTimeout how long the handshake may take ({@code proxy_connect_timeout})
 * @param provider {@code ssl_provider}
 */
public record UpstreamTlsConfig(UpstreamTlsMode mode, boolean verify, Optional<Path> trustedCertificate,
                                Optional<String> name, Optional<Path> certificate, Optional<Path> key,
                                Optional<Path> passwordFile, List<String> protocols, Duration handshakeTimeout,
                                TlsProvider provider) {

    public UpstreamTlsConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(trustedCertificate, "trustedCertificate");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(passwordFile, "passwordFile");
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(provider, "provider");
    }
}
