package io.postern.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.auth.testkit.FakeServerConfig;
import io.postern.auth.testkit.FakeSession;
import io.postern.auth.testkit.MutableClock;
import io.postern.config.RedisSettings;
import io.postern.redis.RedisStore;
import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.testing.upstreams.RedisFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The throttle's counters in a real Redis: the store keeps the in-memory store's contract, two
 * instances sharing one Redis enforce one instance's limits together, and an outage falls back to
 * each instance's own counters until Redis answers again.
 */
class RedisThrottleStoreTest extends ThrottleStoreContract {

    private static final AuthDecision WRONG = AuthDecision.rejected("Authentication failed.");

    static Path dir;
    static RedisFixture redis;
    static RedisStore instanceA;
    static RedisStore instanceB;

    @BeforeAll
    static void startRedis() throws Exception {
        dir = Files.createTempDirectory("redis-throttle");
        redis = RedisFixture.start(dir);
        instanceA = connect();
        instanceB = connect();
    }

    private static RedisStore connect() {
        RedisStore store = new RedisStore(new RedisSettings(redis.uri(), false, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(2), Duration.ofSeconds(1), "postern:"));
        store.start();
        return store;
    }

    @AfterAll
    static void stopRedis() {
        if (instanceA != null) {
            instanceA.close();
            instanceB.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void emptyRedis() throws Exception {
        if (!instanceA.connected() || !instanceB.connected()) {
            redis.restart(); // a test killed it
            awaitConnected();
        }
        assertThat(redis.command("FLUSHALL")).isEqualTo("+OK");
    }

    @Override
    ThrottleStore store() {
        return shared(instanceA);
    }

    private static RedisThrottleStore shared(RedisStore instance) {
        return new RedisThrottleStore(instance, new InMemoryThrottleStore(WINDOW, LOCKOUT, 10), WINDOW, LOCKOUT);
    }

    private static void awaitConnected() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!instanceA.connected() || !instanceB.connected()) {
            assertThat(System.nanoTime()).as("reconnected within 20s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void keepsItsStateInRedisUnderThePrefix() throws Exception {
        increment(store(), "ip:192.0.2.7", "", T0);
        assertThat(redis.command("HGET", "postern:throttle:ip:192.0.2.7", "count")).isEqualTo("1");
        assertThat(Long.parseLong(redis.command("PTTL", "postern:throttle:ip:192.0.2.7").substring(1)))
                .as("expires with the lockout").isBetween(1L, LOCKOUT.toMillis());
    }

    @Test
    void twoInstancesLockOutAnAddressTogetherAsOneWould() {
        MutableClock clock = new MutableClock();
        Throttle a = throttle(shared(instanceA), clock);
        Throttle b = throttle(shared(instanceB), clock);
        FakeSession attacker = FakeSession.from("192.0.2.7", FakeServerConfig.of("imap", ""));
        for (int i = 0; i < 20; i++) {
            Throttle via = i % 2 == 0 ? a : b; // the load balancer alternates
            AuthRequest request = attacker.plain("user" + i, "guess-" + i);
            assertThat(await(via.authenticate(request))).isNotEqualTo(Throttle.LOCKED_OUT);
            via.onAuthDecision(attacker, request, WRONG);
            awaitCount(via == a ? instanceA : instanceB, "ip:192.0.2.7", i + 1, clock);
        }
        AuthRequest next = attacker.plain("user99", "guess-99");
        assertThat(await(a.authenticate(next))).isSameAs(Throttle.LOCKED_OUT);
        assertThat(await(b.authenticate(next))).isSameAs(Throttle.LOCKED_OUT);
    }

    @Test
    void fallsBackToEachInstancesOwnCountersWhileRedisIsDownAndSharesAgainAfter() throws Exception {
        ThrottleStore a = shared(instanceA);
        assertThat(increment(a, "k", "", T0).count()).isEqualTo(1);
        redis.kill();
        awaitDisconnected();
        assertThat(increment(a, "k", "", T0).count()).as("this instance's own counter").isEqualTo(1);
        assertThat(increment(a, "k", "", T0).count()).isEqualTo(2);
        assertThat(instanceA.fallbacks()).containsKey(RedisThrottleStore.FEATURE);
        redis.restart();
        awaitConnected();
        ThrottleStore b = shared(instanceB);
        assertThat(increment(a, "k", "", T0).count()).as("Redis again (a new, empty one)").isEqualTo(1);
        assertThat(increment(b, "k", "", T0).count()).isEqualTo(2);
    }

    private static void awaitDisconnected() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (instanceA.connected()) {
            assertThat(System.nanoTime()).as("disconnected within 20s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Waits until the shared counter of {@code key} reached {@code count} (onAuthDecision counts asynchronously). */
    private static void awaitCount(RedisStore instance, String key, long count, MutableClock clock) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        ThrottleStore view = shared(instance);
        while (true) {
            Optional<ThrottleStore.Failures> failures = await(view.get(key, clock.instant()));
            if (failures.isPresent() && failures.get().count() >= count) {
                return;
            }
            assertThat(System.nanoTime()).as("counted within 20s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static Throttle throttle(ThrottleStore store, MutableClock clock) {
        ThrottleSettings settings = ThrottleSettings.read(FakeServerConfig.of("imap", ""));
        return new Throttle(Map.of("imap", new Throttle.Policy(settings, store)), clock, (task, delay) -> task.run());
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
