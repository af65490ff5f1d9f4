package io.postern.auth.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Counters in a size-limited LRU map: a flood of distinct client addresses evicts the least
 * recently touched counters instead of growing without end. Each call holds the lock for a
 * map operation only, so event loops never wait long.
 *
 * <p>The counter decays all at once: {@code window} after its last failure it is forgotten
 * (the way Dovecot forgets its auth penalty). A steady trickle of failures, each within the
 * window of the one before, keeps counting. A counter is kept for {@code retention} (at least
 * the window; the lockout when longer), so a lockout outlives the window.
 */
public final class InMemoryThrottleStore implements ThrottleStore {

    private final Duration window;
    private final Duration retention;
    private final int maxEntries;
    private final Map<String, Failures> counters;
    private long evictions;

    public InMemoryThrottleStore(Duration window, Duration retention, int maxEntries) {
        this.window = Objects.requireNonNull(window, "window");
        this.retention = retention.compareTo(window) > 0 ? retention : window;
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
        }
        this.maxEntries = maxEntries;
        this.counters = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                if (size() > InMemoryThrottleStore.this.maxEntries) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    @Override
    public synchronized Failures increment(String key, Instant now) {
        Failures before = counters.get(key);
        long count = before != null && before.last().plus(window).isAfter(now) ? before.count() + 1 : 1;
        Failures after = new Failures(count, now);
        counters.put(key, after);
        return after;
    }

    @Override
    public synchronized Optional<Failures> get(String key, Instant now) {
        Failures failures = counters.get(key);
        if (failures == null) {
            return Optional.empty();
        }
        if (!failures.last().plus(retention).isAfter(now)) {
            counters.remove(key);
            return Optional.empty();
        }
        return Optional.of(failures);
    }

    @Override
    public synchronized void reset(String key) {
        counters.remove(key);
    }

    @Override
    public synchronized long size() {
        return counters.size();
    }

    @Override
    public synchronized long evictions() {
        return evictions;
    }
}
