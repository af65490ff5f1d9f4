package io.postern.config;

import io.postern.spi.UpstreamAddress;
import java.util.List;
import java.util.Objects;

/**
 * A named pool of upstream servers from {@code mail.upstreams}, the target of {@code proxy_pass}.
 *
 * @param name the pool's key under {@code mail.upstreams}
 * @param servers the servers, in the order written, at least one
 */
public record UpstreamPool(String name, List<UpstreamAddress> servers) {

    public UpstreamPool {
        Objects.requireNonNull(name, "name");
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("servers: [] (expected: at least one host:port)");
        }
    }
}
