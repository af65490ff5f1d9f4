package io.postern.redis;

import io.lettuce.core.RedisURI;
import io.postern.config.RedisSettings;
import java.util.Locale;

/** Reading {@code mail.redis.uri} with Lettuce's own parser, so that what {@code -t} accepts is what connects. */
public final class RedisUris {

    static final String EXPECTED = "expected: redis://host:port/db, rediss://host:port/db (TLS),"
            + " redis-sentinel://host:port,host:port/db#master, or with cluster = on redis://node:port";

    private RedisUris() {
    }

    /**
     * Checks a URI as written.
     *
     * @throws IllegalArgumentException naming the URI (its password masked) and what was expected
     */
    public static void check(String uri, boolean cluster) {
        String scheme = uri.contains("://") ? uri.substring(0, uri.indexOf("://")).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("redis") && !scheme.equals("rediss") && !scheme.equals("redis-sentinel")
                && !scheme.equals("rediss-sentinel") && !scheme.equals("redis-socket")) {
            throw new IllegalArgumentException("\"" + masked(uri) + "\" (" + EXPECTED + ")");
        }
        if (cluster && scheme.endsWith("-sentinel")) {
            throw new IllegalArgumentException("\"" + masked(uri) + "\" (expected: a cluster node's redis:// or rediss://"
                    + " URI with cluster = on; Sentinel and Cluster do not go together)");
        }
        try {
            RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("\"" + masked(uri) + "\" (" + EXPECTED + ")");
        }
    }

    /** The Lettuce URI of {@code settings}: the written URI with the block's user, password and timeout. */
    static RedisURI of(RedisSettings settings) {
        RedisURI uri = RedisURI.create(settings.uri());
        settings.password().ifPresent(password -> {
            if (settings.user().isPresent()) {
                uri.setCredentialsProvider(io.lettuce.core.RedisCredentialsProvider.from(
                        () -> io.lettuce.core.RedisCredentials.just(settings.user().get(), password)));
            } else {
                uri.setCredentialsProvider(io.lettuce.core.RedisCredentialsProvider.from(
                        () -> io.lettuce.core.RedisCredentials.just(null, password)));
            }
        });
        uri.setTimeout(settings.timeout());
        return uri;
    }

    private static String masked(String uri) {
        return new RedisSettings(uri, false, java.util.Optional.empty(), java.util.Optional.empty(),
                RedisSettings.DEFAULT_TIMEOUT, RedisSettings.DEFAULT_CONNECT_TIMEOUT, "").safeUri();
    }
}
