package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.postern.config.ListenAddress;
import io.postern.spi.Connection;
import io.postern.spi.UpstreamAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sockets Postern makes, read back from the system on both transports: {@code TCP_NODELAY}
 * on every one of them (the transport's default, no longer set again by Postern), and an IPv4
 * socket for an IPv4 upstream while IPv6 upstreams still connect.
 */
class SocketSetupTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private EventLoopGroup group;

    static Stream<Transport> transports() {
        return Epoll.isAvailable() ? Stream.of(Transport.nio(), Transport.detect()) : Stream.of(Transport.nio());
    }

    private EventLoopGroup group(Transport transport) {
        group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        return group;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void acceptedSocketsHaveNoDelay(Transport transport) throws Exception {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        Channel listener = ProxyServer.listening(group(transport), transport, ListenAddress.parse("127.0.0.1:0"),
                new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.complete(ch);
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        listener.config().setAutoRead(true);
        try (Socket client = new Socket()) {
            client.connect(listener.localAddress());
            Channel channel = accepted.get(5, TimeUnit.SECONDS);

            assertThat(channel.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
            channel.close().sync();
        } finally {
            listener.close().sync();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void upstreamSocketsToAnIpv4AddressAreIpv4WithNoDelay(Transport transport) throws Exception {
        UpstreamConnector connector = new UpstreamConnector(transport, DefaultAddressResolverGroup.INSTANCE);
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Channel channel = connector.open(group(transport).next(),
                    new InetSocketAddress("127.0.0.1", server.getLocalPort()), TIMEOUT).sync().channel();

            assertThat(channel.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
            assertThat(socketTable(channel)).isEqualTo("tcp");
            channel.close().sync();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void upstreamSocketsStillReachIpv6Addresses(Transport transport) throws Exception {
        try (ServerSocket server = ipv6Loopback()) {
            UpstreamConnector connector = new UpstreamConnector(transport, DefaultAddressResolverGroup.INSTANCE);
            Channel channel = connector.open(group(transport).next(),
                    UpstreamConnector.address(new UpstreamAddress("::1", server.getLocalPort())),
                    TIMEOUT).sync().channel();

            assertThat(channel.isActive()).isTrue();
            assertThat(channel.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
            assertThat(socketTable(channel)).isEqualTo("tcp6");
            channel.close().sync();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void moduleConnectionsToAnIpv4AddressAreIpv4WithNoDelay(Transport transport) throws Exception {
        ModuleConnector connector = new ModuleConnector();
        connector.bind(group(transport), transport, DefaultAddressResolverGroup.INSTANCE);
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Channel channel = moduleChannel(connector, new InetSocketAddress("127.0.0.1", server.getLocalPort()));

            assertThat(channel.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
            assertThat(socketTable(channel)).isEqualTo("tcp");
            channel.close().sync();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void moduleConnectionsStillReachIpv6Addresses(Transport transport) throws Exception {
        try (ServerSocket server = ipv6Loopback()) {
            ModuleConnector connector = new ModuleConnector();
            connector.bind(group(transport), transport, DefaultAddressResolverGroup.INSTANCE);
            Channel channel = moduleChannel(connector, new InetSocketAddress("::1", server.getLocalPort()));

            assertThat(channel.isActive()).isTrue();
            assertThat(channel.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
            assertThat(socketTable(channel)).isEqualTo("tcp6");
            channel.close().sync();
        }
    }

    private static Channel moduleChannel(ModuleConnector connector, InetSocketAddress address) throws Exception {
        Connection connection = connector.connect(address, TIMEOUT).toCompletableFuture().get(5, TimeUnit.SECONDS);
        return ((ModuleConnection) connection).channel();
    }

    /** A listener on IPv6's loopback, or the test is skipped where the system has none. */
    private static ServerSocket ipv6Loopback() {
        try {
            return new ServerSocket(0, 5, InetAddress.getByName("::1"));
        } catch (IOException e) {
            assumeThat(e).as("IPv6 loopback available").isNull();
            throw new AssertionError(e);
        }
    }

    /**
     * Which of Linux's socket tables lists the channel's socket, by its local and remote ports
     * (both: another process's socket may have the same local port in the other table): {@code tcp}
     * for an IPv4 socket, {@code tcp6} for an IPv6 one (a dual-stack socket connected to an IPv4
     * address included).
     */
    private static String socketTable(Channel channel) throws IOException {
        assumeThat(Path.of("/proc/net/tcp")).as("Linux's socket tables").exists();
        String local = String.format(":%04X", ((InetSocketAddress) channel.localAddress()).getPort());
        String remote = String.format(":%04X", ((InetSocketAddress) channel.remoteAddress()).getPort());
        for (String table : List.of("tcp", "tcp6")) {
            for (String line : Files.readAllLines(Path.of("/proc/net", table))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 2 && fields[1].endsWith(local) && fields[2].endsWith(remote)) {
                    return table;
                }
            }
        }
        return "none";
    }
}
