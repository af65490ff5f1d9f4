package io.postern.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.TrustManagerFactory;

/**
 * One server block's TLS toward upstreams: the default mode and a client context that checks
 * the upstream's certificate against {@code proxy_ssl_trusted_certificate} (or the JDK's CAs)
 * and its host name against {@code proxy_ssl_name} (or the upstream's host), sending that
 * name with SNI. A failed check fails the handshake: never a silent fallback to plain text.
 * OpenSSL or the JDK's TLS as {@code ssl_provider} says; the checks are the JDK's trust
 * manager's with either.
 */
public final class UpstreamTls {

    private final UpstreamTlsConfig config;
    private final ProviderChoice provider;
    private final SslContext context;

    private UpstreamTls(UpstreamTlsConfig config, ProviderChoice provider, SslContext context) {
        this.config = config;
        this.provider = provider;
        this.context = context;
    }

    /** Loads the files and builds the context; every problem names its directive. */
    public static UpstreamTls build(UpstreamTlsConfig config) throws TlsConfigException {
        Objects.requireNonNull(config, "config");
        ProviderChoice provider = ProviderChoice.upstream(config.provider());
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(provider.provider().netty())
                .protocols(ServerTlsBuilder.protocols("proxy_ssl_protocols", config.protocols()))
                .endpointIdentificationAlgorithm(config.verify() ? "HTTPS" : null)
                .trustManager(trust(config));
        if (config.certificate().isPresent() != config.key().isPresent()) {
            throw new TlsConfigException(config.certificate().isPresent() ? "proxy_ssl_certificate"
                    : "proxy_ssl_certificate_key", "set (expected: proxy_ssl_certificate and proxy_ssl_certificate_key"
                    + " together)");
        }
        if (config.certificate().isPresent()) {
            X509Certificate[] chain = PemFiles.certificates("proxy_ssl_certificate", config.certificate().get());
            PrivateKey key = PemFiles.privateKey("proxy_ssl_certificate_key", config.key().get(),
                    ServerTlsBuilder.passwords(config.passwordFile()));
            builder.keyManager(key, chain);
        }
        try {
            return new UpstreamTls(config, provider, builder.build());
        } catch (Exception e) {
            throw new TlsConfigException("proxy_ssl_protocols", "cannot set up TLS: " + PemFiles.message(e), e);
        }
    }

    private static TrustManagerFactory trust(UpstreamTlsConfig config) throws TlsConfigException {
        if (!config.verify()) {
            return InsecureTrustManagerFactory.INSTANCE;
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (config.trustedCertificate().isPresent()) {
                factory.init(PemFiles.trustStore("proxy_ssl_trusted_certificate", config.trustedCertificate().get()));
            } else {
                factory.init((KeyStore) null); // the JDK's own CAs
            }
            return factory;
        } catch (TlsConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new TlsConfigException("proxy_ssl_trusted_certificate", PemFiles.message(e), e);
        }
    }

    /** Two are equal when built from the same directives, as configurations compare. */
    @Override
    public boolean equals(Object other) {
        return other instanceof UpstreamTls that && config.equals(that.config);
    }

    @Override
    public int hashCode() {
        return config.hashCode();
    }

    @Override
    public String toString() {
        return "UpstreamTls" + config;
    }

    /** Whose TLS the connections to upstreams use. */
    public ProviderChoice provider() {
        return provider;
    }

    /** How this server's upstreams are reached unless their pool or the auth decision says otherwise. */
    public UpstreamTlsMode mode() {
        return config.mode();
    }

    /** The name checked in the upstream's certificate and sent with SNI. */
    public String expectedName(String upstreamHost) {
        return config.name().orElse(upstreamHost);
    }

    /** A handler for a connection to {@code host}:{@code port}. */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        SslHandler handler = context.newHandler(alloc, expectedName(host), port);
        handler.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
        return handler;
    }
}
