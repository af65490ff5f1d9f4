package io.postern.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;

/**
 * The I/O transport: Linux epoll when Netty's native library loads, Java NIO otherwise.
 * Listeners, upstream connections and the DNS resolver all use the same one, so that an
 * upstream channel can be registered on its client's event loop.
 *
 * <p>Both transports turn {@code TCP_NODELAY} on in every socket channel they make (Netty's
 * default off Android), so nothing here sets it again: that was one system call per socket.
 *
 * @param socketChannel a connecting channel of the system's default family: IPv6 (dual-stack)
 *     wherever the system has IPv6, for a name resolved after the channel is made and for IPv6
 *     addresses
 * @param ipv4SocketChannel a connecting channel for an IPv4 address: an IPv4 socket, which
 *     spares the {@code setsockopt(IPV6_V6ONLY, 0)} that makes the default one dual-stack
 */
record Transport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel,
                 Class<? extends Channel> socketChannel, ChannelFactory<? extends Channel> ipv4SocketChannel,
                 Class<? extends DatagramChannel> datagramChannel) {

    static Transport detect() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                    EpollSocketChannel.class, () -> new EpollSocketChannel(SocketProtocolFamily.INET),
                    EpollDatagramChannel.class);
        }
        return nio();
    }

    static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class,
                NioSocketChannel.class,
                () -> new NioSocketChannel(SelectorProvider.provider(), SocketProtocolFamily.INET),
                NioDatagramChannel.class);
    }

    /** Whether a connection to {@code address} takes {@link #ipv4SocketChannel}: a resolved IPv4 address. */
    static boolean isIpv4(InetSocketAddress address) {
        return !address.isUnresolved() && address.getAddress() instanceof Inet4Address;
    }

    /**
     * The listening channel for {@code address}: an IPv4 socket for an IPv4 address, as nginx
     * makes, since the default IPv6 socket binds {@code 0.0.0.0} as a dual-stack {@code [::]}
     * (Netty's epoll) and then holds the port of an IPv6 listen too; the default one otherwise.
     */
    ChannelFactory<ServerChannel> listeningChannel(InetSocketAddress address) {
        if (!isIpv4(address)) {
            return () -> newServerChannel(null);
        }
        return () -> newServerChannel(SocketProtocolFamily.INET);
    }

    private ServerChannel newServerChannel(SocketProtocolFamily family) {
        if (name.equals("epoll")) {
            return family == null ? new EpollServerSocketChannel() : new EpollServerSocketChannel(family);
        }
        return family == null ? new NioServerSocketChannel()
                : new NioServerSocketChannel(SelectorProvider.provider(), family);
    }

    /** Why epoll is not used, for the start-up log; empty when it is. */
    static String epollUnavailableReason() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? "" : cause.toString();
    }
}
