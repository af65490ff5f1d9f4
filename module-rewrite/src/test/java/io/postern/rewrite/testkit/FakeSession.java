package io.postern.rewrite.testkit;

import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionInfo;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.imap.ImapHierarchy;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A logged-in session for opening filters directly: who logged in, with which attributes, on which server. */
public record FakeSession(ServerConfig server, Optional<String> login, Map<String, String> authAttributes,
                          Optional<ImapHierarchy> imapHierarchy) implements SessionInfo {

    public FakeSession {
        authAttributes = Map.copyOf(authAttributes);
    }

    public FakeSession(ServerConfig server, Optional<String> login, Map<String, String> authAttributes) {
        this(server, login, authAttributes, Optional.empty());
    }

    /** This session, whose upstream's hierarchy the core learnt as {@code hierarchy}. */
    public FakeSession withHierarchy(ImapHierarchy hierarchy) {
        return new FakeSession(server, login, authAttributes, Optional.of(hierarchy));
    }

    public static FakeSession of(ServerConfig server, String login) {
        return new FakeSession(server, Optional.of(login), Map.of());
    }

    public static FakeSession of(ServerConfig server, String login, String group) {
        return new FakeSession(server, Optional.of(login), Map.of("group", group));
    }

    public FakeSession withAttribute(String name, String value) {
        return new FakeSession(server, login, Map.of(name, value));
    }

    @Override
    public String id() {
        return "test-session";
    }

    @Override
    public Protocol protocol() {
        return server.protocol();
    }

    @Override
    public InetSocketAddress clientAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
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
    public Optional<UpstreamAddress> upstream() {
        return Optional.of(new UpstreamAddress("127.0.0.1", 10143));
    }
}
