package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.postern.config.ListenAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

/** The so_keepalive parameter, read back from sockets a real listener accepted. */
class KeepaliveOptionsTest {

    @Test
    void setsNginxsKeepaliveTimersOnAcceptedSocketsWithNio() throws Exception {
        try (Accepted a = accept(Transport.nio(), "127.0.0.1:0 so_keepalive=30m:75s:10")) {
            Channel accepted = a.channel;
            assertThat(accepted.config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
            assertThat(accepted.config().getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE)))
                    .isEqualTo(1800);
            assertThat(accepted.config().getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL)))
                    .isEqualTo(75);
            assertThat(accepted.config().getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT)))
                    .isEqualTo(10);
        }
    }

    @Test
    void setsNginxsKeepaliveTimersOnAcceptedSocketsWithEpoll() throws Exception {
        assumeThat(Epoll.isAvailable()).as("epoll is available").isTrue();
        try (Accepted a = accept(Transport.detect(), "127.0.0.1:0 so_keepalive=30m::10")) {
            Channel accepted = a.channel;
            assertThat(accepted.config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
            assertThat(accepted.config().getOption(EpollChannelOption.TCP_KEEPIDLE)).isEqualTo(1800);
            assertThat(accepted.config().getOption(EpollChannelOption.TCP_KEEPCNT)).isEqualTo(10);
        }
    }

    @Test
    void leavesTheIntervalNotWrittenToTheSystem() throws Exception {
        int systemInterval;
        try (Accepted plain = accept(Transport.nio(), "127.0.0.1:0")) {
            systemInterval = plain.channel.config().getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL));
        }
        try (Accepted a = accept(Transport.nio(), "127.0.0.1:0 so_keepalive=::3")) {
            Channel accepted = a.channel;
            assertThat(accepted.config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
            assertThat(accepted.config().getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL)))
                    .isEqualTo(systemInterval);
            assertThat(accepted.config().getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT)))
                    .isEqualTo(3);
        }
    }

    /** Binds a listener as ProxyServer does, connects once, and holds the accepted channel. */
    private static Accepted accept(Transport transport, String listen) throws Exception {
        ListenAddress address = ListenAddress.parse(listen);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.complete(ch);
                    }
                });
        KeepaliveOptions.apply(bootstrap, transport, address.keepalive());
        Channel listener = bootstrap.bind(address.socketAddress()).sync().channel();
        Socket client = new Socket();
        client.connect((InetSocketAddress) listener.localAddress());
        Channel channel = accepted.get(10, TimeUnit.SECONDS);
        listener.close().sync();
        return new Accepted(group, client, channel);
    }

    private record Accepted(EventLoopGroup group, Socket client, Channel channel) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            channel.close().sync();
            client.close();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }
}
