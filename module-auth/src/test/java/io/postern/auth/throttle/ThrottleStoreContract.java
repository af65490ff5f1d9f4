package io.postern.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ThrottleStore} does, whether its counters live in memory or in Redis: the
 * same tests run against each, so a shared store enforces exactly what one instance enforces.
 * Stores are made with a window of 10 minutes and a lockout of 15.
 */
abstract class ThrottleStoreContract {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** A new, empty store with a 10-minute window and a 15-minute lockout. */
    abstract ThrottleStore store();

    static ThrottleStore.Failures increment(ThrottleStore store, String key, String attempt, Instant now)
            throws Exception {
        return store.increment(key, attempt, now).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static Optional<ThrottleStore.Failures> get(ThrottleStore store, String key, Instant now) throws Exception {
        return store.get(key, now).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void countsWithinTheWindowAndKeepsCountersForTheLockout() throws Exception {
        ThrottleStore store = store();
        increment(store, "k", "", T0);
        assertThat(increment(store, "k", "", T0.plusSeconds(599)).count()).isEqualTo(2);
        assertThat(get(store, "k", T0.plusSeconds(599 + 899))).contains(new ThrottleStore.Failures(2,
                T0.plusSeconds(599)));
        assertThat(get(store, "k", T0.plusSeconds(599 + 900))).isEmpty();
        assertThat(increment(store, "k", "", T0.plusSeconds(2000)).count()).isEqualTo(1);

        store.reset("k").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(get(store, "k", T0.plusSeconds(2000))).isEmpty();
    }

    @Test
    void countsARepeatedAttemptOnceButKeepsItRecent() throws Exception {
        ThrottleStore store = store();
        increment(store, "k", "aaaa", T0);
        assertThat(increment(store, "k", "aaaa", T0.plusSeconds(500))).isEqualTo(
                new ThrottleStore.Failures(1, T0.plusSeconds(500)));
        assertThat(increment(store, "k", "bbbb", T0.plusSeconds(501)).count()).isEqualTo(2);
        assertThat(increment(store, "k", "", T0.plusSeconds(502)).count()).as("no fingerprint: always counts")
                .isEqualTo(3);
        assertThat(increment(store, "k", "", T0.plusSeconds(503)).count()).isEqualTo(4);
    }

    @Test
    void remembersOnlyTheLastFewAttempts() throws Exception {
        ThrottleStore store = store();
        for (int i = 0; i <= ThrottleStore.REMEMBERED_ATTEMPTS; i++) {
            increment(store, "k", "attempt-" + i, T0);
        }

        assertThat(increment(store, "k", "attempt-1", T0).count()).isEqualTo(ThrottleStore.REMEMBERED_ATTEMPTS + 1);
        assertThat(increment(store, "k", "attempt-0", T0).count()).as("forgotten: counts again")
                .isEqualTo(ThrottleStore.REMEMBERED_ATTEMPTS + 2);
    }

    @Test
    void forgetsTheAttemptsWithTheWindow() throws Exception {
        ThrottleStore store = store();
        increment(store, "k", "aaaa", T0);

        assertThat(increment(store, "k", "aaaa", T0.plusSeconds(600)).count()).isEqualTo(1);
    }

    @Test
    void keepsKeysApart() throws Exception {
        ThrottleStore store = store();
        increment(store, "ip:192.0.2.7", "", T0);
        increment(store, "login:192.0.2.0/24 bob", "", T0);
        assertThat(increment(store, "ip:192.0.2.7", "", T0).count()).isEqualTo(2);
        assertThat(get(store, "ip:192.0.2.8", T0)).isEmpty();
    }

    /** A window of 10 minutes, a lockout of 15 (the defaults). */
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final Duration LOCKOUT = Duration.ofMinutes(15);
}
