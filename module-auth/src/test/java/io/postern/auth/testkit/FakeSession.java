package io.postern.auth.testkit;

import io.postern.spi.AuthRequest;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionInfo;
import io.postern.spi.UpstreamAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/** A session from {@code clientIp} on {@code server}, for calling handlers directly. */
public record FakeSession(ServerConfig server, InetSocketAddress clientAddress) implements SessionInfo {

    public static FakeSession from(String clientIp, ServerConfig server) {
        return new FakeSession(server, new InetSocketAddress(clientIp, 40000));
    }

    /** A clear-text login attempt on this session. */
    public AuthRequest plain(String user, String password) {
        return new AuthRequest(this, new Credentials.Plain(user, password), 1);
    }

    @Override
    public String id() {
        return "test-session";
    }

    @Override
    public Protocol protocol() {
        return Protocol.IMAP;
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 143);
    }

    @Override
    public boolean secure() {
        return false;
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
