package io.postern.auth.http;

import com.typesafe.config.ConfigFactory;
import io.postern.testing.HoconServerConfig;
import io.postern.auth.testkit.FakeSession;
import io.postern.spi.AuthRequest;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Sessions, servers and settings for tests that run the authenticator without the core. */
final class TestSessions {

    static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 50312);
    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 143);

    private TestSessions() {
    }

    static AuthRequest request(Protocol protocol, Credentials credentials, int attempt) {
        return new AuthRequest(session(protocol, "test"), credentials, attempt);
    }

    static FakeSession session(Protocol protocol, String serverName) {
        return new FakeSession("0000002a", protocol, new HoconServerConfig(serverName, protocol, ConfigFactory.empty()),
                CLIENT, LOCAL, Optional.empty(), Optional.empty());
    }

    /** Settings for {@code urls} with nginx's behaviour (no keep-alive, no extra headers). */
    static AuthHttpSettings nginx(String... urls) {
        return settings(0, false, urls);
    }

    static AuthHttpSettings settings(int keepalive, boolean extraHeaders, String... urls) {
        return new AuthHttpSettings(List.of(urls).stream().map(AuthHttpUrl::parse).toList(), List.of(),
                Duration.ofSeconds(5), false, keepalive, 8192, extraHeaders);
    }
}
