package io.postern.auth.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.postern.spi.AuthRequest;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionInfo;
import io.postern.spi.UpstreamAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Sessions, servers and settings for tests that run the authenticator without the core. */
final class TestSessions {

    static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 50312);
    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 143);

    private TestSessions() {
    }

    static AuthRequest request(Protocol protocol, Credentials credentials, int attempt) {
        return new AuthRequest(session(protocol, "test"), credentials, attempt);
    }

    static SessionInfo session(Protocol protocol, String serverName) {
        ServerConfig server = new HoconServerConfig(serverName, protocol, ConfigFactory.empty());
        return new SessionInfo() {
            public String id() {
                return "0000002a";
            }

            public Protocol protocol() {
                return protocol;
            }

            public ServerConfig server() {
                return server;
            }

            public InetSocketAddress clientAddress() {
                return CLIENT;
            }

            public InetSocketAddress localAddress() {
                return LOCAL;
            }

            public boolean secure() {
                return false;
            }

            public Instant startTime() {
                return Instant.EPOCH;
            }

            public Optional<String> login() {
                return Optional.empty();
            }

            public Optional<UpstreamAddress> upstream() {
                return Optional.empty();
            }
        };
    }

    /** Settings for {@code urls} with nginx's behaviour (no keep-alive, no extra headers). */
    static AuthHttpSettings nginx(String... urls) {
        return settings(0, false, urls);
    }

    static AuthHttpSettings settings(int keepalive, boolean extraHeaders, String... urls) {
        return new AuthHttpSettings(List.of(urls).stream().map(AuthHttpUrl::parse).toList(), List.of(),
                Duration.ofSeconds(5), false, keepalive, 8192, extraHeaders);
    }

    /** A {@link ServerConfig} over plain HOCON, enough for this module's directives. */
    record HoconServerConfig(String name, Protocol protocol, Config raw) implements ServerConfig {

        static HoconServerConfig of(String hocon) {
            Config defaults = ConfigFactory.parseResources(AuthHttpFeature.class.getClassLoader(), "reference.conf")
                    .getConfig("mail");
            return new HoconServerConfig("imap", Protocol.IMAP, ConfigFactory.parseString(hocon).withFallback(defaults));
        }

        public boolean has(String directive) {
            return raw.hasPath(directive);
        }

        public String string(String directive) {
            return raw.getString(directive);
        }

        public Optional<String> optionalString(String directive) {
            return has(directive) ? Optional.of(string(directive)) : Optional.empty();
        }

        public List<String> strings(String directive) {
            return raw.getValue(directive).unwrapped() instanceof String s ? List.of(s) : raw.getStringList(directive);
        }

        public boolean flag(String directive) {
            return raw.getString(directive).equals("on") || raw.getString(directive).equals("true");
        }

        public Duration duration(String directive) {
            return raw.getDuration(directive);
        }

        public long size(String directive) {
            return raw.getBytes(directive);
        }

        public long integer(String directive) {
            return raw.getLong(directive);
        }

        public Map<String, String> object(String directive) {
            return has(directive) ? raw.getObject(directive).unwrapped().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()))) : Map.of();
        }

        public String origin(String directive) {
            return has(directive) ? raw.getValue(directive).origin().description() : "default";
        }
    }
}
