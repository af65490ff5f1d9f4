package io.postern.engine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.postern.config.TcpKeepalive;
import jdk.net.ExtendedSocketOptions;

/**
 * A listen's {@code so_keepalive} as options of the sockets it accepts, in the transport's own
 * terms: epoll's {@code TCP_KEEPIDLE}/{@code TCP_KEEPINTVL}/{@code TCP_KEEPCNT}, or the same
 * options of {@code jdk.net.ExtendedSocketOptions} under NIO. Nothing is set when the parameter
 * is absent, so the system's default stays, as in nginx.
 */
final class KeepaliveOptions {

    private KeepaliveOptions() {
    }

    static void apply(ServerBootstrap bootstrap, Transport transport, TcpKeepalive keepalive) {
        if (!keepalive.isSet()) {
            return;
        }
        bootstrap.childOption(ChannelOption.SO_KEEPALIVE, keepalive.soKeepalive());
        boolean epoll = transport.name().equals("epoll");
        keepalive.idle().ifPresent(d -> bootstrap.childOption(
                epoll ? EpollChannelOption.TCP_KEEPIDLE : NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE),
                (int) d.toSeconds()));
        keepalive.interval().ifPresent(d -> bootstrap.childOption(
                epoll ? EpollChannelOption.TCP_KEEPINTVL : NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL),
                (int) d.toSeconds()));
        keepalive.count().ifPresent(n -> bootstrap.childOption(
                epoll ? EpollChannelOption.TCP_KEEPCNT : NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), n));
    }
}
