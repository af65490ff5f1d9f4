package io.postern.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryThrottleStoreTest extends ThrottleStoreContract {

    @Override
    ThrottleStore store() {
        return new InMemoryThrottleStore(WINDOW, LOCKOUT, 10);
    }

    @Test
    void staysBoundedUnderAFloodOfDistinctAddresses() {
        InMemoryThrottleStore store = new InMemoryThrottleStore(Duration.ofMinutes(10), Duration.ofMinutes(15), 100_000);
        for (int i = 0; i < 200_000; i++) {
            store.incrementNow("ip:10." + (i >> 16) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF), "", T0);
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
        store.incrementNow("a", "", T0);
        store.incrementNow("b", "", T0);
        store.getNow("a", T0);
        store.incrementNow("c", "", T0);

        assertThat(store.getNow("a", T0)).isPresent();
        assertThat(store.getNow("b", T0)).isEmpty();
    }

    @Test
    void answersAtOnce() {
        ThrottleStore store = store();
        assertThat(store.increment("k", T0).toCompletableFuture()).isCompletedWithValue(new ThrottleStore.Failures(1, T0));
        assertThat(store.reset("k").toCompletableFuture()).isCompleted();
        assertThat(store.get("k", T0).toCompletableFuture()).isCompletedWithValue(java.util.Optional.empty());
    }
}
