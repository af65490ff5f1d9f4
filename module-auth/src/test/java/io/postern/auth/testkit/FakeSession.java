package io.postern.auth.testkit;

import io.postern.spi.AuthRequest;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.ProxiedConnection;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionInfo;
import io.postern.spi.TlsInfo;
import io.postern.spi.UpstreamAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * A session for calling handlers directly: who connected where, and, when a test needs them,
 * its TLS facts and its PROXY protocol header.
 */
public record FakeSession(String id, Protocol protocol, ServerConfig server, InetSocketAddress clientAddress,
                          InetSocketAddress localAddress, Optional<TlsInfo> tls, Optional<ProxiedConnection> proxied)
        implements SessionInfo {

    /** A plain IMAP session from {@code clientIp} to 127.0.0.1:143 on {@code server}. */
    public static FakeSession from(String clientIp, ServerConfig server) {
        return new FakeSession("test-session", Protocol.IMAP, server, new InetSocketAddress(clientIp, 40000),
                new InetSocketAddress("127.0.0.1", 143), Optional.empty(), Optional.empty());
    }

    /** The same session over TLS. */
    public FakeSession withTls(TlsInfo facts) {
        return new FakeSession(id, protocol, server, clientAddress, localAddress, Optional.of(facts), proxied);
    }

    /** The same session behind a load balancer's PROXY protocol header. */
    public FakeSession withProxied(ProxiedConnection header) {
        return new FakeSession(id, protocol, server, clientAddress, localAddress, tls, Optional.of(header));
    }

    /** A clear-text login attempt on this session. */
    public AuthRequest plain(String user, String password) {
        return new AuthRequest(this, new Credentials.Plain(user, password), 1);
    }

    @Override
    public boolean secure() {
        return tls.isPresent();
    }

    @Override
    public Instant startTime() {
        return Instant.EPOCH;
    }

    @Override
    public Optional<String> login() {
        return Optional.empty();
    }

    @Override
    public Optional<UpstreamAddress> upstream() {
        return Optional.empty();
    }
}
