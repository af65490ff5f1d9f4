package io.postern.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryThrottleStoreTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void staysBoundedUnderAFloodOfDistinctAddresses() {
        InMemoryThrottleStore store = new InMemoryThrottleStore(Duration.ofMinutes(10), Duration.ofMinutes(15), 100_000);
        for (int i = 0; i < 200_000; i++) {
            store.increment("ip:10." + (i >> 16) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF), T0);
            if (i % 1_000 == 0) {
                assertThat(store.size()).isLessThanOrEqualTo(100_000);
            }
        }
        assertThat(store.size()).isEqualTo(100_000);
        assertThat(store.evictions()).isEqualTo(100_000);
    }

    @Test
    void evictsTheLeastRecentlyTouched() {
        InMemoryThrottleStore store = new InMemoryThrottleStore(Duration.ofMinutes(10), Duration.ofMinutes(15), 2);
        store.increment("a", T0);
        store.increment("b", T0);
        store.get("a", T0);
        store.increment("c", T0);

        assertThat(store.get("a", T0)).isPresent();
        assertThat(store.get("b", T0)).isEmpty();
    }

    @Test
    void countsWithinTheWindowAndKeepsCountersForTheLockout() {
        InMemoryThrottleStore store = new InMemoryThrottleStore(Duration.ofMinutes(10), Duration.ofMinutes(15), 10);
        store.increment("k", T0);
        assertThat(store.increment("k", T0.plusSeconds(599)).count()).isEqualTo(2);
        assertThat(store.get("k", T0.plusSeconds(599 + 899))).isPresent();
        assertThat(store.get("k", T0.plusSeconds(599 + 900))).isEmpty();
        assertThat(store.increment("k", T0.plusSeconds(2000)).count()).isEqualTo(1);

        store.reset("k");
        assertThat(store.size()).isZero();
    }

    @Test
    void countsARepeatedAttemptOnceButKeepsItRecent() {
        InMemoryThrottleStore store = new InMemoryThrottleStore(Duration.ofMinutes(10), Duration.ofMinutes(15), 10);
        store.increment("k", "aaaa", T0);
        assertThat(store.increment("k", "aaaa", T0.plusSeconds(500))).isEqualTo(
                new ThrottleStore.Failures(1, T0.plusSeconds(500)));
        assertThat(store.increment("k", "bbbb", T0.plusSeconds(501)).count()).isEqualTo(2);
        assertThat(store.increment("k", "", T0.plusSeconds(502)).count()).as("no fingerprint: always counts")
                .isEqualTo(3);
        assertThat(store.increment("k", "", T0.plusSeconds(503)).count()).isEqualTo(4);
    }

    @Test
    void remembersOnlyTheLastFewAttempts() {
        InMemoryThrottleStore store = new InMemoryThrottleStore(Duration.ofMinutes(10), Duration.ofMinutes(15), 10);
        for (int i = 0; i <= ThrottleStore.REMEMBERED_ATTEMPTS; i++) {
            store.increment("k", "attempt-" + i, T0);
        }

        assertThat(store.increment("k", "attempt-1", T0).count()).isEqualTo(ThrottleStore.REMEMBERED_ATTEMPTS + 1);
        assertThat(store.increment("k", "attempt-0", T0).count()).as("forgotten: counts again")
                .isEqualTo(ThrottleStore.REMEMBERED_ATTEMPTS + 2);
    }

    @Test
    void forgetsTheAttemptsWithTheWindow() {
        InMemoryThrottleStore store = new InMemoryThrottleStore(Duration.ofMinutes(10), Duration.ofMinutes(15), 10);
        store.increment("k", "aaaa", T0);

        assertThat(store.increment("k", "aaaa", T0.plusSeconds(600)).count()).isEqualTo(1);
    }
}
