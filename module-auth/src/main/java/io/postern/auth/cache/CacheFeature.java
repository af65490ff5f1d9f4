package io.postern.auth.cache;

import io.postern.auth.AuthFeature;
import io.postern.spi.Directive;
import io.postern.spi.ModuleContext;
import io.postern.spi.ServerConfig;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The auth result cache: directives {@code auth_cache_ttl}, {@code auth_cache_negative_ttl}
 * and {@code auth_cache_size}; the {@code cache} authenticator and listener, registered for
 * servers with a non-zero TTL. It spares the authenticators after it (an auth server, bcrypt)
 * the work for mobile clients that log in again every minute. Entries expire on lookup and
 * the least recently used go first, so it needs no thread.
 */
public final class CacheFeature implements AuthFeature {

    @Override
    public List<Directive> directives() {
        return CacheSettings.directives();
    }

    @Override
    public void configure(ModuleContext context) {
        Map<String, CachingAuthenticator.Policy> byServer = new HashMap<>();
        for (ServerConfig server : context.servers()) {
            CacheSettings settings = CacheSettings.read(server);
            if (!settings.enabled()) {
                continue;
            }
            Optional<SharedDecisions> shared = settings.sharedSecret().map(secret -> new SharedDecisions(
                    context.sharedStore().orElseThrow(() -> new IllegalArgumentException(server.origin(
                            CacheSettings.STORE) + ": " + CacheSettings.STORE + ": \"redis\" (expected: local, or a"
                            + " mail.redis block naming the Redis to share the cache through)")), secret));
            byServer.put(server.name(), new CachingAuthenticator.Policy(settings, new AuthCache(settings.size()),
                    shared));
        }
        if (byServer.isEmpty()) {
            return;
        }
        CachingAuthenticator cache = new CachingAuthenticator(byServer, Clock.systemUTC());
        context.addAuthenticator("cache", cache);
        context.addSessionListener("cache", cache);
    }
}
