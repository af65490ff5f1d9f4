package io.postern.spi;

import java.util.Objects;

/**
 * A server to connect to: an IP literal or a host name (resolved by the core without
 * blocking), and a port.
 */
public record UpstreamAddress(String host, int port) {
    public UpstreamAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host: empty (expected: an IP address or a host name)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
    }

    /** {@code host:port}, with IPv6 literals in brackets. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
