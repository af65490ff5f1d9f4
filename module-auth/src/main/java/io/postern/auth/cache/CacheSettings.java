package io.postern.auth.cache;

import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.ServerConfig;
import java.time.Duration;
import java.util.List;

/**
 * The auth cache settings of one server.
 *
 * @param ttl {@code auth_cache_ttl}: how long an accepted login is remembered; zero: not at all
 * @param negativeTtl {@code auth_cache_negative_ttl}: the same for a refused login
 * @param size {@code auth_cache_size}: entries kept at most
 */
record CacheSettings(Duration ttl, Duration negativeTtl, int size) {

    static final String TTL = "auth_cache_ttl";
    static final String NEGATIVE_TTL = "auth_cache_negative_ttl";
    static final String SIZE = "auth_cache_size";

    static List<Directive> directives() {
        return List.of(Directive.of(TTL, DirectiveType.DURATION), Directive.of(NEGATIVE_TTL, DirectiveType.DURATION),
                Directive.of(SIZE, DirectiveType.INTEGER));
    }

    static CacheSettings read(ServerConfig server) {
        long size = server.integer(SIZE);
        if (size < 1) {
            throw server.invalid(SIZE, size + " (expected: >= 1)");
        }
        return new CacheSettings(nonNegative(server, TTL), nonNegative(server, NEGATIVE_TTL),
                (int) Math.min(Integer.MAX_VALUE, size));
    }

    boolean enabled() {
        return !ttl.isZero() || !negativeTtl.isZero();
    }

    private static Duration nonNegative(ServerConfig server, String name) {
        Duration value = server.duration(name);
        if (value.isNegative()) {
            throw server.invalid(name, value.toMillis()
                    + "ms (expected: >= 0)");
        }
        return value;
    }
}
