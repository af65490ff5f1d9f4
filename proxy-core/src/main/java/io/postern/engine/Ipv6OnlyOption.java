package io.postern.engine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.postern.config.ListenAddress;
import java.net.Inet6Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listen's {@code ipv6only} as {@code IPV6_V6ONLY} on its socket, as nginx sets it: on an IPv6
 * address only, {@code on} unless {@code ipv6only=off} is given, so {@code 0.0.0.0:143} and
 * {@code [::]:143} can both be bound. An IPv4 address ignores the parameter, as nginx does.
 *
 * <p>Only epoll can set it, before bind: the JDK has no such option, and an NIO listener on an
 * IPv6 address stays dual-stack, which a warning says, naming the listen.
 */
final class Ipv6OnlyOption {

    /** {@code setsockopt(IPPROTO_IPV6, IPV6_V6ONLY)}: Linux's numbers (epoll is Linux-only). */
    static final IntegerUnixChannelOption IPV6_V6ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

    private static final Logger LOG = LoggerFactory.getLogger(Ipv6OnlyOption.class);

    private Ipv6OnlyOption() {
    }

    static void apply(ServerBootstrap bootstrap, Transport transport, ListenAddress listen) {
        if (listen.socketAddress().isUnresolved() || !(listen.socketAddress().getAddress() instanceof Inet6Address)) {
            return;
        }
        boolean on = listen.ipv6only().orElse(true);
        if (transport.name().equals("epoll")) {
            bootstrap.option(IPV6_V6ONLY, on ? 1 : 0);
        } else if (on) {
            LOG.warn("listen \"{}\": ipv6only=on cannot be applied on the NIO transport, the socket is dual-stack"
                    + " (it also takes IPv4 connections, and an IPv4 listen on the same port fails to bind);"
                    + " drop the IPv4 listen or use the epoll transport", listen);
        }
    }
}
