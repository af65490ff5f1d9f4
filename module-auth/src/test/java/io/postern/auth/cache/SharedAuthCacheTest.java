package io.postern.auth.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.auth.testkit.FakeServerConfig;
import io.postern.auth.testkit.FakeSession;
import io.postern.auth.testkit.MutableClock;
import io.postern.config.RedisSettings;
import io.postern.redis.RedisStore;
import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.upstreams.RedisFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** auth_cache_store = redis: two instances share their decisions through a real Redis, and Redis learns no secret. */
class SharedAuthCacheTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final AuthDecision GOOD = new AuthDecision.Accepted(Optional.of("bob@store"), Optional.empty(),
            Optional.of(new UpstreamAddress("10.0.0.5", 143)), Map.of("group", "staff & co"));
    private static final AuthDecision BAD = new AuthDecision.Rejected("Authentication failed.",
            Optional.of(Duration.ofSeconds(2)), Optional.of("535 5.7.8"));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger backendCalls = new AtomicInteger();
    private AuthDecision answer = GOOD;
    private final Authenticator backend = request -> {
        backendCalls.incrementAndGet();
        return CompletableFuture.completedFuture(
                ((Credentials.Plain) request.credentials()).password().equals("right") ? answer : BAD);
    };
    private final FakeSession session = FakeSession.from("192.0.2.7", FakeServerConfig.of("imap", ""));
    private RedisFixture redis;
    private RedisStore storeA;
    private RedisStore storeB;

    @BeforeEach
    void start() throws Exception {
        redis = RedisFixture.start(dir);
        storeA = store();
        storeB = store();
    }

    private RedisStore store() {
        RedisStore store = new RedisStore(new RedisSettings(redis.uri(), false, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(2), Duration.ofSeconds(1), "postern:"));
        store.start();
        return store;
    }

    @AfterEach
    void stop() {
        storeA.close();
        storeB.close();
        redis.close();
    }

    private CachingAuthenticator instance(RedisStore store) {
        CacheSettings settings = CacheSettings.read(FakeServerConfig.of("imap", "auth_cache_ttl = 5m,"
                + " auth_cache_negative_ttl = 30s, auth_cache_store = redis, auth_cache_secret = \"" + SECRET + "\""));
        return new CachingAuthenticator(Map.of("imap", new CachingAuthenticator.Policy(settings,
                new AuthCache(settings.size()), Optional.of(new SharedDecisions(store, SECRET)))), clock);
    }

    private AuthDecision login(CachingAuthenticator cache, String user, String password) throws Exception {
        AuthRequest request = session.plain(user, password);
        AuthDecision decision = AuthDecision.declined();
        for (Authenticator authenticator : List.of(cache, backend)) {
            decision = authenticator.authenticate(request).toCompletableFuture().get(20, TimeUnit.SECONDS);
            if (!(decision instanceof AuthDecision.Declined)) {
                break;
            }
        }
        cache.onAuthDecision(session, request, decision);
        return decision;
    }

    private void awaitKeys(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!redis.command("DBSIZE").equals(":" + count)) {
            assertThat(System.nanoTime()).as("%d keys in Redis within 20s", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void anotherInstanceAnswersFromTheSharedCacheWithTheSameTtl() throws Exception {
        CachingAuthenticator a = instance(storeA);
        CachingAuthenticator b = instance(storeB);
        assertThat(login(a, "bob", "right")).isEqualTo(GOOD);
        assertThat(login(a, "bob", "wrong")).isEqualTo(BAD);
        awaitKeys(2);
        assertThat(login(b, "bob", "right")).isEqualTo(GOOD);
        assertThat(login(b, "bob", "wrong")).isEqualTo(BAD);
        assertThat(backendCalls).as("b never asked the backend").hasValue(2);

        List<String> keys = redis.commandLines("KEYS", "*");
        assertThat(String.join("\n", keys)).doesNotContain("right").doesNotContain("bob");
        String good = keys.stream().filter(k -> k.startsWith("postern:authcache:")).findFirst().orElseThrow();
        assertThat(Long.parseLong(redis.command("PTTL", good).substring(1)))
                .isBetween(1L, Duration.ofMinutes(5).toMillis());
    }

    @Test
    void neverSharesADecisionThatCarriesAnUpstreamPassword() throws Exception {
        answer = new AuthDecision.Accepted(Optional.empty(), Optional.of("upstream-s3cr3t"), Optional.empty(),
                Map.of());
        CachingAuthenticator a = instance(storeA);
        login(a, "bob", "right");
        login(a, "bob", "wrong");
        awaitKeys(1); // only the refusal
        assertThat(login(a, "bob", "right")).as("still cached locally").isEqualTo(answer);
        assertThat(backendCalls).hasValue(2);
        assertThat(String.join("\n", redis.commandLines("KEYS", "*"))).doesNotContain("s3cr3t");
    }

    @Test
    void encodesWhatItDecodes() {
        assertThat(SharedDecisions.decode(SharedDecisions.encode(GOOD).orElseThrow())).contains(GOOD);
        assertThat(SharedDecisions.decode(SharedDecisions.encode(BAD).orElseThrow())).contains(BAD);
        assertThat(SharedDecisions.decode("kind=accepted&port=x&host=h")).isEmpty();
        assertThat(SharedDecisions.decode("something else")).isEmpty();
    }

    @Test
    void refusesAShortSecretWithoutRepeatingIt() {
        assertThatThrownBy(() -> CacheSettings.read(FakeServerConfig.of("imap", "auth_cache_ttl = 5m,"
                + " auth_cache_store = redis, auth_cache_secret = hunter2")))
                .hasMessage("test.conf:1: auth_cache_store: \"redis\" (expected: with auth_cache_secret set to a random"
                        + " string of at least 16 characters, the same on every instance)")
                .hasMessageNotContaining("hunter2");
    }
}
