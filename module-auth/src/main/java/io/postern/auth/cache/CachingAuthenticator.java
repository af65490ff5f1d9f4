package io.postern.auth.cache;

import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.SessionInfo;
import io.postern.spi.SessionListener;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code cache} authenticator and listener. Asked for a clear-text login, it answers a
 * decision remembered for the same server, login, method and password, or declines and notes
 * the request; when the phase then decides that request, the listener remembers the decision
 * (accepted for {@code auth_cache_ttl}, refused for {@code auth_cache_negative_ttl}).
 * Decisions made before the cache was asked (a throttle lockout) are never remembered, since
 * their request was not noted.
 */
final class CachingAuthenticator implements Authenticator, SessionListener {

    /** A server's settings, its cache, and the entries shared through Redis ({@code auth_cache_store = redis}). */
    record Policy(CacheSettings settings, AuthCache cache, Optional<SharedDecisions> shared) {
        Policy(CacheSettings settings, AuthCache cache) {
            this(settings, cache, Optional.empty());
        }
    }

    /** A request the cache missed: its local key and, when shared, its key in Redis. */
    private record Missed(CacheKey key, Optional<String> sharedKey) {
    }

    private final Map<String, Policy> byServer;
    private final Clock clock;
    private final byte[] salt = new byte[32];
    /** Requests this cache missed, until their decision arrives; weak, since a client may leave first. */
    private final Map<AuthRequest, Missed> pending = Collections.synchronizedMap(new WeakHashMap<>());

    CachingAuthenticator(Map<String, Policy> byServer, Clock clock) {
        this.byServer = Map.copyOf(byServer);
        this.clock = clock;
        new SecureRandom().nextBytes(salt);
    }

    @Override
    public CompletionStage<AuthDecision> authenticate(AuthRequest request) {
        Policy policy = byServer.get(request.session().server().name());
        Optional<CacheKey> key = key(request);
        if (policy == null || key.isEmpty()) {
            return CompletableFuture.completedFuture(AuthDecision.declined());
        }
        Optional<AuthDecision> cached = policy.cache().get(key.get(), clock.instant());
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        if (policy.shared().isEmpty()) {
            pending.put(request, new Missed(key.get(), Optional.empty()));
            return CompletableFuture.completedFuture(AuthDecision.declined());
        }
        Credentials.Plain plain = (Credentials.Plain) request.credentials();
        String sharedKey = policy.shared().get().key(request.session().server().name(), plain.user(), plain.method(),
                plain.password());
        return policy.shared().get().get(sharedKey).thenApply(entry -> {
            if (entry.isPresent()) {
                // Another instance's decision: remembered here too, for what it has left.
                policy.cache().put(key.get(), entry.get().decision(), clock.instant().plus(entry.get().left()));
                return entry.get().decision();
            }
            pending.put(request, new Missed(key.get(), Optional.of(sharedKey)));
            return AuthDecision.declined();
        });
    }

    @Override
    public void onAuthDecision(SessionInfo session, AuthRequest request, AuthDecision decision) {
        Missed missed = pending.remove(request);
        Policy policy = byServer.get(session.server().name());
        if (missed == null || policy == null) {
            return;
        }
        Duration ttl = decision instanceof AuthDecision.Accepted ? policy.settings().ttl()
                : decision instanceof AuthDecision.Rejected ? policy.settings().negativeTtl() : Duration.ZERO;
        if (!ttl.isZero()) {
            Instant now = clock.instant();
            policy.cache().put(missed.key(), decision, now.plus(ttl));
            Duration shared = ttl;
            missed.sharedKey().ifPresent(k -> policy.shared().get().put(k, decision, shared));
        }
    }

    /** Only clear-text logins are cached: CRAM-MD5 and APOP answers change with every salt. */
    private Optional<CacheKey> key(AuthRequest request) {
        if (!(request.credentials() instanceof Credentials.Plain plain)) {
            return Optional.empty();
        }
        return Optional.of(CacheKey.of(request.session().server().name(), plain.user(), plain.method(),
                plain.password(), salt));
    }
}
