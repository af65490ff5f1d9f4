package io.postern.spi;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What a load balancer's PROXY protocol header (v1 or v2) said about a client connection on a
 * listener with {@code proxy_protocol}: the client it accepted and the address that client
 * connected to. Whether {@link SessionInfo#clientAddress()} takes {@code source} over depends
 * on {@code set_real_ip_from}; these values are reported either way (nginx's
 * {@code Proxy-Protocol-*} auth_http headers).
 *
 * @param source the client's address as the header gives it
 * @param destination the address the client connected to, as the header gives it
 */
public record ProxiedConnection(InetSocketAddress source, InetSocketAddress destination) {

    public ProxiedConnection {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }
}
