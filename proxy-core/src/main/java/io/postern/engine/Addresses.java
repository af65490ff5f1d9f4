package io.postern.engine;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Formatting of socket addresses the way operators read them in logs. */
final class Addresses {

    private Addresses() {
    }

    /** {@code 127.0.0.1:143}, {@code [::1]:143}; never triggers a reverse DNS lookup. */
    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /**
     * An IP address written as a literal, without any DNS lookup.
     *
     * @throws IllegalArgumentException when {@code text} is not an IPv4 or IPv6 literal
     */
    static InetAddress literal(String text) {
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(text);
        if (address == null) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        return address;
    }
}
