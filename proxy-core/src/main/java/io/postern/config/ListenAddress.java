package io.postern.config;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code listen} directive, in nginx's argument syntax:
 * {@code "127.0.0.1:143"}, {@code "[::1]:993 ssl"}, {@code "143"},
 * {@code "0.0.0.0:110 proxy_protocol backlog=1024 rcvbuf=64k so_keepalive=on"}.
 *
 * @param host an IP address or host name, {@code null} (only a port was written) or
 *     {@code "*"}; both of the last mean every address
 * @param port the port, 1-65535, or 0 for a free port chosen by the system (embedding, tests)
 * @param ssl TLS from the first byte ({@code ssl})
 * @param proxyProtocol a PROXY protocol header precedes the client's bytes ({@code proxy_protocol})
 * @param backlog the accept queue length ({@code backlog=}, 511 by default as in nginx)
 * @param rcvbuf {@code SO_RCVBUF} in bytes, if set
 * @param sndbuf {@code SO_SNDBUF} in bytes, if set
 * @param keepalive {@code SO_KEEPALIVE} and its timers ({@code so_keepalive=on}, {@code off}, {@code 30m::10})
 * @param ipv6only {@code IPV6_V6ONLY}, if set
 */
public record ListenAddress(String host, int port, boolean ssl, boolean proxyProtocol, int backlog,
        OptionalInt rcvbuf, OptionalInt sndbuf, TcpKeepalive keepalive, Optional<Boolean> ipv6only) {

    /** nginx's NGX_LISTEN_BACKLOG on Linux. */
    public static final int DEFAULT_BACKLOG = 511;

    public ListenAddress {
        Objects.requireNonNull(rcvbuf, "rcvbuf");
        Objects.requireNonNull(sndbuf, "sndbuf");
        Objects.requireNonNull(keepalive, "keepalive");
        Objects.requireNonNull(ipv6only, "ipv6only");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
    }

    /**
     * Parses nginx's listen arguments.
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    public static ListenAddress parse(String value) {
        return new ListenParser(value).parse();
    }

    /** Whether accepted sockets get {@code SO_KEEPALIVE} ({@code so_keepalive=on} or timers). */
    public boolean soKeepalive() {
        return keepalive.soKeepalive();
    }

    /** Whether this listens on every address of its family. */
    public boolean isWildcard() {
        return host == null || host.equals("*");
    }

    /** The address to bind; a host name is resolved here (at start-up, so blocking is fine). */
    public InetSocketAddress socketAddress() {
        return isWildcard() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    /** {@code host:port} as nginx prints it in its messages: {@code *:143}, {@code [::1]:993}. */
    public String addressText() {
        if (isWildcard()) {
            return "*:" + port;
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The key two listens clash on: the same address (every IPv4 wildcard alike) and port. */
    public String bindKey() {
        String h = isWildcard() || "0.0.0.0".equals(host) ? "*" : host.toLowerCase(Locale.ROOT);
        return h + "#" + port;
    }

    /** nginx's form, parseable by {@link #parse}, listing only parameters that differ from the defaults. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(host == null ? Integer.toString(port) : addressText());
        if (ssl) {
            sb.append(" ssl");
        }
        if (proxyProtocol) {
            sb.append(" proxy_protocol");
        }
        if (backlog != DEFAULT_BACKLOG) {
            sb.append(" backlog=").append(backlog);
        }
        rcvbuf.ifPresent(b -> sb.append(" rcvbuf=").append(NginxValues.formatSize(b)));
        sndbuf.ifPresent(b -> sb.append(" sndbuf=").append(NginxValues.formatSize(b)));
        if (keepalive.isSet()) {
            sb.append(" so_keepalive=").append(keepalive);
        }
        ipv6only.ifPresent(v -> sb.append(" ipv6only=").append(NginxValues.formatFlag(v)));
        return sb.toString();
    }
}
