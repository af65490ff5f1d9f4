package io.postern.sandbox;

import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionInfo;
import io.postern.spi.UpstreamAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/** A session of the given protocol, as an authenticator sees it at login. */
record TestSession(Protocol protocol) implements SessionInfo {

    @Override
    public String id() {
        return "t1";
    }

    @Override
    public ServerConfig server() {
        return TestServerConfig.mail("");
    }

    @Override
    public InetSocketAddress clientAddress() {
        return new InetSocketAddress("127.0.0.1", 50000);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 1143);
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
