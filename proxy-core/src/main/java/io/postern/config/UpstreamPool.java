package io.postern.config;

import io.postern.spi.UpstreamAddress;
import io.postern.tls.UpstreamTlsMode;
import java.time.Duration;
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
 * @param hashLogin {@code hash = "$login consistent"}: a login's sessions go to the server a
 *     consistent hash of the login names (nginx stream's ketama ring), not round robin
 * @param affinityTime {@code affinity_time}: with {@code mail.redis}, how long after a login the
 *     server a user's sessions went to is remembered, so that its next sessions follow even when
 *     the pool changed meanwhile (Dovecot director's idea); empty for none
 */
public record UpstreamPool(String name, List<UpstreamAddress> servers, Optional<UpstreamTlsMode> tls,
                           boolean hashLogin, Optional<Duration> affinityTime) {

    public UpstreamPool {
        Objects.requireNonNull(name, "name");
        servers = List.copyOf(servers);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(affinityTime, "affinityTime");
        if (affinityTime.isPresent() && !hashLogin) {
            throw new IllegalArgumentException("affinityTime: " + affinityTime.get()
                    + " (expected: with hashLogin, whose answer it remembers)");
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("servers: [] (expected: at least one host:port)");
        }
    }

    /** A round-robin pool. */
    public UpstreamPool(String name, List<UpstreamAddress> servers, Optional<UpstreamTlsMode> tls) {
        this(name, servers, tls, false, Optional.empty());
    }

    /** A pool whose TLS is left to the server block. */
    public UpstreamPool(String name, List<UpstreamAddress> servers) {
        this(name, servers, Optional.empty());
    }
}
