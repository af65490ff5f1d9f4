package io.postern.config;

import io.postern.spi.UpstreamAddress;
import io.postern.tls.UpstreamTlsMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named pool of upstream servers from {@code mail.upstreams}, the target of {@code proxy_pass}.
 *
 * @param name the pool's key under {@code mail.upstreams}
 * @param servers the servers, in the order written, at least one
 * @param tls how the pool's servers are reached ({@code ssl = off | on | starttls}); empty
 *     leaves it to the server block's {@code proxy_ssl}
 */
public record UpstreamPool(String name, List<UpstreamAddress> servers, Optional<UpstreamTlsMode> tls) {

    public UpstreamPool {
        Objects.requireNonNull(name, "name");
        servers = List.copyOf(servers);
        Objects.requireNonNull(tls, "tls");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("servers: [] (expected: at least one host:port)");
        }
    }

    /** A pool whose TLS is left to the server block. */
    public UpstreamPool(String name, List<UpstreamAddress> servers) {
        this(name, servers, Optional.empty());
    }
}
