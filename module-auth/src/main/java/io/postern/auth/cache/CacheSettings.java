package io.postern.auth.cache;

import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The auth cache settings of one server.
 *
 * @param ttl {@code auth_cache_ttl}: how long an accepted login is remembered; zero: not at all
 * @param negativeTtl {@code auth_cache_negative_ttl}: the same for a refused login
 * @param size {@code auth_cache_size}: entries kept at most
 * @param sharedSecret with {@code auth_cache_store = redis}, {@code auth_cache_secret}: the key of
 *     the entries' keyed hashes in the shared Redis; empty for {@code local}. Never in {@link #toString()}
 */
record CacheSettings(Duration ttl, Duration negativeTtl, int size, Optional<String> sharedSecret) {

    static final String TTL = "auth_cache_ttl";
    static final String NEGATIVE_TTL = "auth_cache_negative_ttl";
    static final String SIZE = "auth_cache_size";
    static final String STORE = "auth_cache_store";
    static final String SECRET = "auth_cache_secret";
    /** A shorter secret could be guessed, and with it the passwords behind the keys. */
    static final int MIN_SECRET_LENGTH = 16;

    static List<Directive> directives() {
        return List.of(Directive.of(TTL, DirectiveType.DURATION), Directive.of(NEGATIVE_TTL, DirectiveType.DURATION),
                Directive.of(SIZE, DirectiveType.INTEGER), Directive.oneOf(STORE, DirectiveType.STRING, "local", "redis"),
                Directive.of(SECRET, DirectiveType.STRING));
    }

    static CacheSettings read(ServerConfig server) {
        long size = server.integer(SIZE);
        if (size < 1) {
            throw server.invalid(SIZE, size + " (expected: >= 1)");
        }
        Optional<String> secret = Optional.empty();
        if (server.string(STORE).equalsIgnoreCase("redis")) {
            String written = server.string(SECRET);
            if (written.length() < MIN_SECRET_LENGTH) {
                // The secret's value is never repeated, not even a short one.
                throw new IllegalArgumentException(server.origin(STORE) + ": " + STORE + ": \"redis\" (expected: with "
                        + SECRET + " set to a random string of at least " + MIN_SECRET_LENGTH
                        + " characters, the same on every instance)");
            }
            secret = Optional.of(written);
        }
        return new CacheSettings(nonNegative(server, TTL), nonNegative(server, NEGATIVE_TTL),
                (int) Math.min(Integer.MAX_VALUE, size), secret);
    }

    @Override
    public String toString() {
        return "CacheSettings[ttl=" + ttl + ", negativeTtl=" + negativeTtl + ", size=" + size + ", shared="
                + sharedSecret.isPresent() + "]";
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
