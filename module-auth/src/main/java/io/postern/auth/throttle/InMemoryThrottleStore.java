package io.postern.auth.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Counters in a size-limited LRU map: a flood of distinct client addresses evicts the least
 * recently touched counters instead of growing without end. Each call holds the lock for a
 * map operation only, so event loops never wait long.
 *
 * <p>The counter decays all at once: {@code window} after its last failure it is forgotten
 * (the way Dovecot forgets its auth penalty). A steady trickle of failures, each within the
 * window of the one before, keeps counting. A counter is kept for {@code retention} (at least
 * the window; the lockout when longer), so a lockout outlives the window. A repeated attempt
 * (the same fingerprint as one of the key's last few) does not count again.
 */
public final class InMemoryThrottleStore implements ThrottleStore {

    private final Duration window;
    private final Duration retention;
    private final int maxEntries;
    private final Map<String, Counter> counters;
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
            protected boolean removeEldestEntry(Map.Entry<String, Counter> eldest) {
                if (size() > InMemoryThrottleStore.this.maxEntries) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    @Override
    public CompletionStage<Failures> increment(String key, String attempt, Instant now) {
        return CompletableFuture.completedFuture(incrementNow(key, attempt, now));
    }

    @Override
    public CompletionStage<Optional<Failures>> get(String key, Instant now) {
        return CompletableFuture.completedFuture(getNow(key, now));
    }

    @Override
    public CompletionStage<Void> reset(String key) {
        resetNow(key);
        return CompletableFuture.completedFuture(null);
    }

    /** {@link #increment}, answered at once: what the shared store falls back to. */
    synchronized Failures incrementNow(String key, String attempt, Instant now) {
        Counter before = counters.get(key);
        boolean recent = before != null && before.failures().last().plus(window).isAfter(now);
        if (!recent) {
            before = new Counter(new Failures(0, now), List.of());
        }
        boolean repeated = !attempt.isEmpty() && before.attempts().contains(attempt);
        Counter after = new Counter(new Failures(before.failures().count() + (repeated ? 0 : 1), now),
                repeated || attempt.isEmpty() ? before.attempts() : remember(before.attempts(), attempt));
        counters.put(key, after);
        return after.failures();
    }

    /** {@link #get}, answered at once. */
    synchronized Optional<Failures> getNow(String key, Instant now) {
        Counter counter = counters.get(key);
        if (counter == null) {
            return Optional.empty();
        }
        if (!counter.failures().last().plus(retention).isAfter(now)) {
            counters.remove(key);
            return Optional.empty();
        }
        return Optional.of(counter.failures());
    }

    /** {@link #reset}, at once. */
    synchronized void resetNow(String key) {
        counters.remove(key);
    }

    /** How many keys have a counter; never more than the store's bound. */
    public synchronized long size() {
        return counters.size();
    }

    /** How many counters were dropped to keep the bound. */
    public synchronized long evictions() {
        return evictions;
    }

    /** {@code attempts} with {@code attempt} added, the oldest dropped beyond the bound. */
    private static List<String> remember(List<String> attempts, String attempt) {
        List<String> more = new ArrayList<>(attempts.size() + 1);
        more.addAll(attempts.size() < REMEMBERED_ATTEMPTS ? attempts : attempts.subList(1, attempts.size()));
        more.add(attempt);
        return List.copyOf(more);
    }

    /** A key's failures and the fingerprints of its recent attempts, oldest first. */
    private record Counter(Failures failures, List<String> attempts) {
    }
}
