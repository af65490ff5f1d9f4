package io.postern.engine;

import io.netty.channel.embedded.EmbeddedChannel;
import io.postern.config.ConfigException;
import io.postern.config.ConfigLoader;
import io.postern.config.CoreDirectives;
import io.postern.config.DirectiveRegistry;
import io.postern.config.ServerSettings;
import io.postern.spi.CloseReason;
import io.postern.spi.Protocol;
import io.postern.spi.UpstreamAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Logged-in sessions on {@link EmbeddedChannel}s, for byte-exact tests of what runs after
 * login (the framed relays) without a listener: a server block loaded from HOCON, a session
 * with a login and an upstream, channels that report socket addresses.
 */
public final class TestSessions {

    private TestSessions() {
    }

    /** An embedded channel whose addresses are loopback sockets, as a session's log context needs. */
    public static EmbeddedChannel channel(int remotePort) {
        return new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", remotePort);
            }

            @Override
            protected SocketAddress localAddress0() {
                return new InetSocketAddress("127.0.0.1", 143);
            }
        };
    }

    /**
     * A session of the first server of {@code mailBlock} (the contents of {@code mail { }}) on
     * {@code client}, logged in as {@code bob} to an upstream at 127.0.0.1:1143.
     */
    public static Session loggedIn(EmbeddedChannel client, String mailBlock) {
        Session session = new Session(settings(mailBlock), client, PostLogin.RAW, new SessionEvents(List.of()));
        session.login("bob");
        session.upstream(new UpstreamAddress("127.0.0.1", 1143));
        return session;
    }

    /** Why the session is ending, once something said so. */
    public static Optional<CloseReason> closeReason(Session session) {
        return session.closeReason();
    }

    /** The first server of {@code mailBlock} (the contents of {@code mail { }}), loaded and checked. */
    public static ServerSettings settings(String mailBlock) {
        try {
            Path dir = Files.createTempDirectory("postern-session");
            Path file = Files.writeString(dir.resolve("postern.conf"), "mail {\n" + mailBlock + "\n}\n");
            DirectiveRegistry registry = new DirectiveRegistry();
            CoreDirectives.registerAll(registry);
            ServerSettings settings = ConfigLoader.validate(ConfigLoader.parse(file, dir), registry,
                    EnumSet.allOf(Protocol.class)).servers().get(0);
            Files.delete(file);
            Files.delete(dir);
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
