package io.postern.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code mail.redis} block: where the Redis that several Postern instances share lives, and
 * how long anything may wait for it.
 *
 * @param uri Lettuce's URI forms: {@code redis://host:port/db}, {@code rediss://…} (TLS),
 *     {@code redis-sentinel://host:port,host:port/db#master}; with {@code cluster} any node
 * @param cluster whether the URI names a node of a Redis Cluster
 * @param user the ACL user ({@code AUTH user password}); empty for the default user
 * @param password the password; empty when the URI carries it or none is needed. Never in
 *     {@link #toString()}
 * @param timeout the longest any call may wait for an answer; a call that takes longer falls back
 *     to local state
 * @param connectTimeout the longest a connection attempt may take
 * @param keyPrefix prepended to every key and channel, so that several deployments (or other
 *     applications) can share one Redis
 * @param trustedCertificate {@code ssl_trusted_certificate}: the PEM file of the CAs a {@code rediss://}
 *     server's certificate must chain to; empty for the JDK's default CAs
 */
public record RedisSettings(String uri, boolean cluster, Optional<String> user, Optional<String> password,
                            Duration timeout, Duration connectTimeout, String keyPrefix,
                            Optional<Path> trustedCertificate) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final String DEFAULT_KEY_PREFIX = "postern:";

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(trustedCertificate, "trustedCertificate");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout: " + connectTimeout + " (expected: > 0)");
        }
    }

    /** Settings that trust the JDK's default CAs for {@code rediss://}. */
    public RedisSettings(String uri, boolean cluster, Optional<String> user, Optional<String> password,
                         Duration timeout, Duration connectTimeout, String keyPrefix) {
        this(uri, cluster, user, password, timeout, connectTimeout, keyPrefix, Optional.empty());
    }

    /** The URI without a password it may carry, for log lines. */
    public String safeUri() {
        return uri.replaceAll("(?<=://)([^@/]*:)?[^@/]*@", "$1***@").replaceAll("://:\\*\\*\\*@", "://***@");
    }

    @Override
    public String toString() {
        return "RedisSettings[uri=" + safeUri() + ", cluster=" + cluster + ", user=" + user.orElse("")
                + ", password=" + (password.isPresent() ? "***" : "") + ", timeout=" + timeout
                + ", connectTimeout=" + connectTimeout + ", keyPrefix=" + keyPrefix + ", trustedCertificate="
                + trustedCertificate.map(Path::toString).orElse("") + "]";
    }
}
