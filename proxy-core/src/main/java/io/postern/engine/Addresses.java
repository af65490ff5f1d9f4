package io.postern.engine;

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
}
