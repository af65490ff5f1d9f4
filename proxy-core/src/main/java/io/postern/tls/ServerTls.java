package io.postern.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.postern.spi.TlsInfo;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * One server block's TLS toward clients, ready to use: a handler per connection (implicit
 * TLS or after STARTTLS), the facts of a completed handshake, and nginx's verdict on the
 * client's certificate. Immutable and shared by all the block's connections.
 */
public final class ServerTls {

    /** nginx's answers when {@code ssl_verify_client} refuses a client (before the protocol's prefix). */
    public static final String NO_CERTIFICATE = "No required SSL certificate";
    public static final String CERTIFICATE_ERROR = "SSL certificate error";

    private final ServerTlsConfig config;
    private final ProviderChoice provider;
    private final SslContext context;
    private final boolean noTickets;
    private final VerifyClient verifyClient;
    private final boolean preferServerCiphers;
    private final Optional<String[]> cipherSuites;
    private final Duration handshakeTimeout;

    ServerTls(ServerTlsConfig config, ProviderChoice provider, SslContext context, boolean noTickets,
              VerifyClient verifyClient, boolean preferServerCiphers, Optional<String[]> cipherSuites,
              Duration handshakeTimeout) {
        this.config = Objects.requireNonNull(config, "config");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.context = Objects.requireNonNull(context, "context");
        this.noTickets = noTickets;
        this.verifyClient = Objects.requireNonNull(verifyClient, "verifyClient");
        this.preferServerCiphers = preferServerCiphers;
        this.cipherSuites = Objects.requireNonNull(cipherSuites, "cipherSuites");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    }

    /**
     * A handler for one client connection.
     *
     * @param startTls whether the first write (the STARTTLS answer) must still go out in plain text
     */
    public SslHandler newHandler(ByteBufAllocator alloc, boolean startTls) {
        SSLEngine engine = context.newEngine(alloc);
        cipherSuites.ifPresent(engine::setEnabledCipherSuites);
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            // OpenSSL's own options on the connection: getSSLParameters/setSSLParameters would
            // translate every enabled suite's name both ways and have OpenSSL parse the whole
            // cipher list again, in each handshake.
            OpenSslTls.serverOptions(openSsl, noTickets, preferServerCiphers);
        } else {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setUseCipherSuitesOrder(preferServerCiphers);
            engine.setSSLParameters(parameters);
        }
        SslHandler handler = new SslHandler(engine, startTls);
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    /** Two are equal when built from the same directives (the same files), as configurations compare. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ServerTls that && config.equals(that.config);
    }

    @Override
    public int hashCode() {
        return config.hashCode();
    }

    @Override
    public String toString() {
        return "ServerTls" + config;
    }

    /** Whose TLS this block's clients get, and why {@code ssl_provider auto} did not take OpenSSL's. */
    public ProviderChoice provider() {
        return provider;
    }

    /** Whether client certificates are asked for. */
    public VerifyClient verifyClient() {
        return verifyClient;
    }

    /** The facts of a completed handshake, for the session and the auth phase. */
    public TlsInfo describe(SSLSession session) {
        return TlsFacts.describe(session, verifyClient != VerifyClient.OFF);
    }

    /**
     * nginx's {@code ngx_mail_verify_cert}: why the session must end after the handshake, in
     * nginx's words, or empty when the client may go on.
     */
    public Optional<String> refusal(TlsInfo tls) {
        if (verifyClient == VerifyClient.OFF || verifyClient == VerifyClient.OPTIONAL_NO_CA) {
            return Optional.empty();
        }
        String verify = tls.verifyResult().orElse("NONE");
        if (verify.startsWith("FAILED")) {
            return Optional.of(CERTIFICATE_ERROR);
        }
        if (verifyClient == VerifyClient.ON && tls.clientCertificate().isEmpty()) {
            return Optional.of(NO_CERTIFICATE);
        }
        return Optional.empty();
    }
}
